"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";
import { SecondFactorForm } from "@/components/step-up/second-factor-form.tsx";

export function VerifyForm({ callbackPath }: { callbackPath: string }) {
  const t = useTranslations("account");
  return (
    <div className="panel form-stack">
      <SecondFactorForm idPrefix="verify" intro={t("verify.intro")} submitLabel={t("verify.submit")} onDone={() => window.location.assign(callbackPath)} autoFocus />
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={async () => {
          await signOut({ redirect: false });
          window.location.assign(SIGN_IN_PATH);
        }}
      >
        {t("verify.otherAccount")}
      </button>
    </div>
  );
}
