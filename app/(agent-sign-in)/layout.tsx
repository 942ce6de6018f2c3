import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/language-switcher.tsx";
import "../(agent)/agent.css";
import { ScopedIntlProvider } from "@/components/scoped-intl-provider.tsx";

const SIGN_IN_CLIENT_NAMESPACES = ["common", "validation", "errors", "auth", "account"];

// The sign-in page lives outside app/(agent), whose layout sends anyone signed out here.
export default async function AgentSignInLayout({ children }: { children: ReactNode }) {
  const [common, shell] = await Promise.all([getTranslations("common"), getTranslations("agent-shell")]);
  return (
    <ScopedIntlProvider namespaces={SIGN_IN_CLIENT_NAMESPACES}>
      <a className="skip-link" href="#agent-main">
        {common("skipToContent")}
      </a>
      <header className="agent-header">
        <span className="agent-brand">{shell("productName")}</span>
        <div className="agent-account">
          <LanguageSwitcher />
        </div>
      </header>
      <main id="agent-main" className="agent-main">
        {children}
      </main>
    </ScopedIntlProvider>
  );
}
