"use client";

import type { ReactNode } from "react";
import { useStepUp } from "@/components/step-up/step-up-dialog.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { stepUpStatusAction } from "./account/actions.ts";

/**
 * The CSV export link. The export is a sensitive step (the route refuses it without a fresh second
 * factor, README "Agent sign-in"), so a click first asks whether this session's factor is fresh,
 * shows the step-up dialog when it is not, and only then follows the link. Without JavaScript the
 * link still works for a session that stepped up recently.
 */
export function ExportLink({ href, children }: { href: string; children: ReactNode }) {
  const { confirm, dialog } = useStepUp();
  return (
    <>
      <a
        className="button button-secondary button-small"
        href={href}
        download
        onClick={async (event) => {
          event.preventDefault();
          const status = actionOutcome(await stepUpStatusAction({}));
          if (status.ok && !status.data.fresh && !(await confirm())) return;
          window.location.assign(href);
        }}
      >
        {children}
      </a>
      {dialog}
    </>
  );
}
