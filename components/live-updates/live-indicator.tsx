"use client";

import { useTranslations } from "next-intl";
import type { LiveConnection } from "./use-live-updates.ts";

/** A small "Live" / "Reconnecting…" badge; changes are announced politely to screen readers. */
export function LiveIndicator({ connection }: { connection: LiveConnection }) {
  const t = useTranslations("queue.live");
  return (
    <span className={`live-indicator live-${connection}`} role="status" data-testid="live-indicator" data-state={connection}>
      <span className="live-dot" aria-hidden="true" />
      {t(connection)}
    </span>
  );
}
