"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { ShortcutHelp, type ShortcutHelpHandle } from "@/components/keyboard-shortcuts/shortcut-help.tsx";
import { useKeyboardShortcuts } from "@/components/keyboard-shortcuts/use-keyboard-shortcuts.ts";
import { LiveIndicator } from "@/components/live-updates/live-indicator.tsx";
import { useLiveUpdates } from "@/components/live-updates/use-live-updates.ts";
import { SlaCountdown } from "@/components/sla-countdown/sla-countdown.tsx";
import { useServerClock } from "@/components/sla-countdown/use-server-clock.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import type { AssignableAgent, CannedResponseOption } from "@/lib/server/tickets/agent-view.ts";
import { claimAction, statusAction } from "./actions.ts";
import { ReplyBox, type ReplyBoxHandle } from "./reply-box.tsx";
import { TicketActionsPanel } from "./ticket-actions-panel.tsx";
import type { PerformTicketAction, TicketSnapshot, WorkspaceTicket } from "./ticket-work.ts";
import { usePresence, type Viewer } from "./use-presence.ts";


const snapshotOf = (ticket: WorkspaceTicket): TicketSnapshot => ({
  version: ticket.version,
  status: ticket.status,
  priority: ticket.priority,
  category: ticket.category,
  assignee: ticket.assignee,
});

export type Notice = { kind: "success" | "error"; text: string };

const REFRESH_DELAY_MS = 250;

/**
 * The interactive part of a ticket page. What is shown (status, owner, conversation, history)
 * follows every change live; the action forms keep the version the agent accepted, so a change
 * someone else made meanwhile is announced ("your form is stale") instead of silently
 * overwritten, until the agent loads the latest version.
 */
export function TicketWorkspace({
  ticket,
  lastChange,
  me,
  agents,
  viewers: initialViewers,
  cannedResponses,
  serverNow,
  facts,
  stepsTried,
  screenshots,
  conversation,
  history,
}: {
  ticket: WorkspaceTicket;
  lastChange: { actorName: string | null; actorType: "CUSTOMER" | "AGENT" | "SYSTEM" } | null;
  me: { id: string; name: string };
  agents: AssignableAgent[];
  viewers: Viewer[];
  cannedResponses: CannedResponseOption[];
  serverNow: string;
  facts: ReactNode;
  stepsTried: ReactNode;
  screenshots: ReactNode;
  conversation: ReactNode;
  history: ReactNode;
}) {
  const t = useTranslations("ticket");
  const queue = useTranslations("queue");
  const router = useRouter();
  const now = useServerClock(serverNow);
  const viewers = usePresence(ticket.id, initialViewers);
  // The version this agent's forms stand on, and the ticket as it looked when they accepted it.
  const [accepted, setAccepted] = useState(() => ({ version: ticket.version, snapshot: snapshotOf(ticket) }));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, startTransition] = useTransition();
  const help = useRef<ShortcutHelpHandle>(null);
  const replyBox = useRef<ReplyBoxHandle>(null);

  // Someone else changed the ticket after this agent's last accepted version: the display follows
  // the change, the forms stay on what the agent saw until they load the latest version.
  const stale = ticket.version > accepted.version;
  const forms: TicketSnapshot = { ...(stale ? accepted.snapshot : snapshotOf(ticket)), version: accepted.version };
  const acceptLatest = () => setAccepted({ version: ticket.version, snapshot: snapshotOf(ticket) });

  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleRefresh = () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), REFRESH_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(refreshTimer.current), []);
  const connection = useLiveUpdates({
    onChange: (event) => {
      if (event.ticketId === ticket.id) scheduleRefresh();
    },
    onResync: scheduleRefresh,
  });

  /** Runs a change with the accepted version; adopts the new version or shows why it was refused. */
  const perform: PerformTicketAction = (action, success, after) =>
    startTransition(async () => {
      const result = actionOutcome(await action());
      if (!result.ok) {
        setNotice({ kind: "error", text: result.message });
        return;
      }
      const version = result.data?.version;
      if (version !== undefined) setAccepted({ version, snapshot: snapshotOf(ticket) });
      setNotice({ kind: "success", text: success });
      after?.();
    });

  // Based on what this agent saw: if someone claimed it meanwhile, the server refuses and says who.
  const canClaim = !forms.assignee;
  const claim = () => perform(() => claimAction({ ticketId: ticket.id, version: forms.version }), t("notices.claimed"));
  const resolve = () =>
    perform(() => statusAction({ ticketId: ticket.id, version: forms.version, status: "RESOLVED" }), t("notices.resolved"));

  useKeyboardShortcuts({
    c: () => {
      if (canClaim && !pending) claim();
    },
    r: () => replyBox.current?.focus("reply"),
    n: () => replyBox.current?.focus("note"),
    e: () => {
      if (forms.status !== "RESOLVED" && forms.status !== "CLOSED" && !pending) resolve();
    },
    "?": () => help.current?.open(),
  });

  const changedBy =
    lastChange?.actorType === "AGENT" ? (lastChange.actorName ?? t("history.actors.formerAgent")) : t(`history.actors.${lastChange?.actorType ?? "SYSTEM"}`);

  return (
    <div className="ticket-workspace">
      <header className="ticket-header">
        <div className="ticket-title-row">
          <h1 id="ticket-title" className="ticket-reference">
            {ticket.reference}
          </h1>
          <span className={`status-badge status-${ticket.status}`} data-testid="ticket-status">
            {queue(`statuses.${ticket.status}`)}
          </span>
          <span className={`priority-badge priority-${ticket.priority}`}>{queue(`priorities.${ticket.priority}`)}</span>
          <span className="ticket-sla">
            {queue("table.sla")}: <SlaCountdown ticket={ticket} now={now} />
          </span>
          <LiveIndicator connection={connection} />
          <ShortcutHelp
            ref={help}
            shortcuts={[
              { key: "c", label: t("shortcuts.claim") },
              { key: "r", label: t("shortcuts.reply") },
              { key: "n", label: t("shortcuts.note") },
              { key: "e", label: t("shortcuts.resolve") },
              { key: "?", label: queue("shortcuts.help") },
            ]}
          />
        </div>
        <p className="ticket-owner" data-testid="ticket-owner">
          {t("owner")}: {ticket.assignee ? ticket.assignee.name : <span className="muted">{queue("table.unassigned")}</span>}
          {ticket.assignee?.id === me.id && <span className="badge badge-muted">{t("you")}</span>}
        </p>
        {viewers.length > 0 && (
          <p className="ticket-presence" data-testid="ticket-presence">
            <span aria-hidden="true">👀 </span>
            {t("presence.alsoViewing", { names: viewers.map((viewer) => viewer.name).join(", ") })}
          </p>
        )}
      </header>

      {stale && (
        <div className="stale-banner" role="alert" data-testid="stale-banner">
          <p>{t("stale.message", { actor: changedBy })}</p>
          <button type="button" className="button button-small" onClick={acceptLatest}>
            {t("stale.load")}
          </button>
        </div>
      )}
      <div aria-live="polite" className="ticket-notice">
        {notice && (
          <p className={notice.kind === "error" ? "form-alert" : "form-success"} role={notice.kind === "error" ? "alert" : undefined} data-testid="ticket-notice">
            {notice.text}
          </p>
        )}
      </div>

      <div className="ticket-columns">
        <div className="ticket-main">
          {facts}
          {stepsTried}
          {screenshots}
          {conversation}
          <ReplyBox
            ref={replyBox}
            ticketId={ticket.id}
            version={forms.version}
            language={ticket.language}
            cannedResponses={cannedResponses}
            pending={pending}
            perform={perform}
          />
        </div>
        <aside className="ticket-side" aria-label={t("actions.heading")}>
          <TicketActionsPanel
            // new defaults whenever what the forms stand on changes
            key={[forms.version, forms.status, forms.priority, forms.category, forms.assignee?.id].join(":")}
            ticketId={ticket.id}
            snapshot={forms}
            me={me}
            agents={agents}
            canClaim={canClaim}
            pending={pending}
            onClaim={claim}
            onResolve={resolve}
            perform={perform}
          />
          {history}
        </aside>
      </div>
    </div>
  );
}
