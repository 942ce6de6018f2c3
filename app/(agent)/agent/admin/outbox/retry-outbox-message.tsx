"use client";

import { useTranslations } from "next-intl";
import { ActionButton } from "@/components/action-button/action-button.tsx";
import { retryOutboxMessageAction } from "../actions.ts";

export function RetryOutboxMessage({ id }: { id: string }) {
  const t = useTranslations("admin");
  return (
    <ActionButton className="button button-secondary button-small" run={() => retryOutboxMessageAction({ id })}>
      {t("outbox.retry")}
    </ActionButton>
  );
}
