"use server";

import "server-only";
import { cookies } from "next/headers";
import { isLanguage, LOCALE_COOKIE } from "@/lib/i18n/locale.ts";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** Remembers the language the visitor picked; anything but ja/en is ignored. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLanguage(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
    sameSite: "lax",
    httpOnly: false,
  });
}
