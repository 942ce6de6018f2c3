import "server-only";
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { settings } from "@/lib/server/config/settings.ts";
import { LOCALE_COOKIE, negotiateLocale } from "./locale.ts";
import { loadMessages } from "./messages.ts";

export async function requestLocale() {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: loadMessages(locale), timeZone: settings().SUPPORT_TIME_ZONE };
});
