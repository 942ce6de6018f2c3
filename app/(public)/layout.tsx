import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/language-switcher.tsx";
import { brandName } from "@/lib/brand.ts";

export default async function PublicLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("common");
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="site-header">
        <Link href="/" className="site-brand">
          {t("brandSupport", { brand: brandName() })}
        </Link>
        <LanguageSwitcher />
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">{t("poweredBy")}</footer>
    </>
  );
}
