import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";

/**
 * Hands client components only the message namespaces of this part of the app. Every message
 * given to the client provider is serialized into each page's HTML, so the public pages must not
 * carry the agent dashboard's strings.
 */
export async function ScopedIntlProvider({ namespaces, children }: { namespaces: readonly string[]; children: ReactNode }) {
  const messages = await getMessages();
  const scoped = Object.fromEntries(namespaces.filter((name) => name in messages).map((name) => [name, messages[name]]));
  return <NextIntlClientProvider messages={scoped}>{children}</NextIntlClientProvider>;
}
