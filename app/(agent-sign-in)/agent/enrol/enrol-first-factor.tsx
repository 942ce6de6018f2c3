"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { EnrolFactor, RecoveryCodes } from "@/components/factors/enrol-factor.tsx";

export function EnrolFirstFactor({ callbackPath }: { callbackPath: string }) {
  const t = useTranslations("account");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState(false);
  if (codes) return <RecoveryCodes codes={codes} onSaved={() => window.location.assign(callbackPath)} />;
  if (done) {
    return (
      <div className="panel form-stack">
        <p role="status">{t("enrol.done")}</p>
        <button type="button" className="button" onClick={() => window.location.assign(callbackPath)}>
          {t("enrol.continue")}
        </button>
      </div>
    );
  }
  return (
    <EnrolFactor
      onEnrolled={(recoveryCodes) => {
        if (recoveryCodes) setCodes(recoveryCodes);
        else setDone(true);
      }}
    />
  );
}
