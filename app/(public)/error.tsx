"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import "./intake.css";

/**
 * Shown when a public page fails to render (for instance while the database restarts): calm,
 * in the visitor's language, and never the error itself.
 */
export default function PublicError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors.page");
  return (
    <section role="alert" aria-labelledby="public-error-title">
      <h1 id="public-error-title">{t("pageTitle")}</h1>
      <p>{t("pageBody")}</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={reset}>
          {t("retry")}
        </button>
        <Link href="/">{t("home")}</Link>
      </div>
    </section>
  );
}
