import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/language-switcher.tsx";
import { NavigationMarker } from "@/components/navigation-marker.tsx";
import { ScopedIntlProvider } from "@/components/scoped-intl-provider.tsx";
import { settings } from "@/lib/server/config/settings.ts";

// What the end-user pages' client components translate; nothing from the agent area.
const PUBLIC_CLIENT_NAMESPACES = ["common", "validation", "errors", "selfHelp", "ticketForm", "ticketStatus", "attachments"];

/**
 * What frames every end-user page (header with the brand and the language switch, main, footer),
 * also around the content editor's phone preview, so the preview is what customers see.
 */
export async function PublicFrame({ children }: { children: ReactNode }) {
  const t = await getTranslations("common");
  return (
    <ScopedIntlProvider namespaces={PUBLIC_CLIENT_NAMESPACES}>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <Link href="/" className="site-brand">
          {t("brandSupport", { brand: settings().SUPPORT_BRAND_NAME })}
        </Link>
        <LanguageSwitcher />
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">{t("poweredBy")}</footer>
      {/* after the pages, so its effect runs after theirs on the first load (see the component) */}
      <NavigationMarker />
    </ScopedIntlProvider>
  );
}
