"use client";

import { useTranslations } from "next-intl";
import { ActionButton } from "@/components/action-button/action-button.tsx";
import { setCannedResponseActiveAction } from "../actions.ts";

export function CannedResponseToggle({ id, active }: { id: string; active: boolean }) {
  const t = useTranslations("admin");
  return (
    <ActionButton
      className={active ? "button button-danger button-small" : "button button-secondary button-small"}
      run={() => setCannedResponseActiveAction({ id, active: !active })}
    >
      {active ? t("canned.deactivate") : t("canned.reactivate")}
    </ActionButton>
  );
}
