"use server";

import "server-only";
import { cookies } from "next/headers";
import { zfd } from "zod-form-data";
import { LOCALE_COOKIE } from "@/lib/i18n/locale.ts";
import { publicAction } from "@/lib/server/actions/action-client.ts";
import { LANGUAGES } from "@/lib/validation/ticket-choices.ts";
import { z } from "zod";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** Remembers the language the visitor picked (ja or en). */
export const setLocaleAction = publicAction({ name: "set-locale" }, zfd.formData({ locale: z.enum(LANGUAGES) })).action(
  async ({ parsedInput: { locale } }) => {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      path: "/",
      maxAge: ONE_YEAR_SECONDS,
      sameSite: "lax",
      httpOnly: false,
    });
  },
);
