"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { ShortcutHelp, type ShortcutHelpHandle } from "@/components/keyboard-shortcuts/shortcut-help.tsx";
import { useKeyboardShortcuts } from "@/components/keyboard-shortcuts/use-keyboard-shortcuts.ts";
import { LiveIndicator } from "@/components/live-updates/live-indicator.tsx";
import { useLiveUpdates } from "@/components/live-updates/use-live-updates.ts";
import { useServerClock } from "@/components/sla-countdown/use-server-clock.ts";
import type { AssignableAgent } from "@/lib/server/tickets/agent-view.ts";
import type { QueuePage } from "@/lib/server/tickets/queue.ts";
import { queueSearchString, type QueueQuery } from "@/lib/validation/queue.ts";
import { BulkBar, BulkOutcomeNotice, type BulkOutcome } from "./bulk-bar.tsx";
import { QueueFilters } from "./queue-filters.tsx";
import { QueueTable } from "./queue-table.tsx";
import { StatusCounts } from "./status-counts.tsx";

const REFRESH_DELAY_MS = 300;
const FRESH_HIGHLIGHT_MS = 8_000;

/** The queue page in the browser: filters, live refresh, selection, bulk changes, shortcuts. */
export function QueueWorkspace({
  initialPage,
  query,
  agents,
  currentAgentId,
}: {
  initialPage: QueuePage;
  query: QueueQuery;
  agents: AssignableAgent[];
  currentAgentId: string;
}) {
  const t = useTranslations("queue");
  const router = useRouter();
  const [page, setPage] = useState(initialPage);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [activeIndex, setActiveIndex] = useState(-1);
  const [freshIds, setFreshIds] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  const now = useServerClock(page.generatedAt);
  const help = useRef<ShortcutHelpHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const currentSearch = queueSearchString(query, query);

  const pageRef = useRef(page);
  useEffect(() => {
    pageRef.current = page;
  }, [page]);

  const loading = useRef(false);
  const loadAgain = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  async function load(): Promise<void> {
    if (loading.current) {
      loadAgain.current = true;
      return;
    }
    loading.current = true;
    try {
      const response = await fetch(`/api/agent/tickets${currentSearch}`, { cache: "no-store" });
      if (response.status === 401) {
        // Signed out meanwhile: the page itself sends the agent to sign in.
        router.refresh();
        return;
      }
      if (!response.ok) return;
      const next = (await response.json()) as QueuePage;
      const known = new Set(pageRef.current.rows.map((row) => row.id));
      const appeared = next.rows.filter((row) => !known.has(row.id)).map((row) => row.id);
      setPage(next);
      if (appeared.length) {
        setFreshIds(new Set(appeared));
        setAnnouncement(t("live.appeared", { count: appeared.length }));
        setTimeout(() => setFreshIds(new Set()), FRESH_HIGHLIGHT_MS);
      }
    } catch {
      // Offline for a moment; the next change or reconnect loads again.
    } finally {
      loading.current = false;
      if (loadAgain.current) {
        loadAgain.current = false;
        void load();
      }
    }
  }
  const scheduleLoad = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), REFRESH_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const connection = useLiveUpdates({ onChange: scheduleLoad, onResync: scheduleLoad });

  const rows = page.rows;
  const focusRow = (index: number) => {
    if (!rows.length) return;
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setActiveIndex(clamped);
    document.getElementById(`queue-row-link-${rows[clamped]!.id}`)?.focus();
  };
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useKeyboardShortcuts({
    j: () => focusRow(activeIndex + 1),
    k: () => focusRow(activeIndex <= 0 ? 0 : activeIndex - 1),
    Enter: () => {
      const row = rows[activeIndex];
      if (row) router.push(`/agent/tickets/${row.reference}`);
    },
    x: () => {
      const row = rows[activeIndex];
      if (row) toggle(row.id);
    },
    "/": () => searchInput.current?.focus(),
    "?": () => help.current?.open(),
  });

  const selectedTickets = useMemo(
    () => rows.filter((row) => selected.has(row.id)).map((row) => ({ ticketId: row.id, version: row.version, assigneeId: row.assignee?.id ?? null })),
    [rows, selected],
  );

  return (
    <div className="queue">
      <div className="queue-heading">
        <h1>{t("title")}</h1>
        <LiveIndicator connection={connection} />
        <div className="queue-heading-tools">
          <a className="button button-secondary button-small" href={`/api/agent/tickets/export${queueSearchString(query)}`} download>
            {t("export.link")}
          </a>
          <ShortcutHelp
            ref={help}
            shortcuts={[
              { key: "j", label: t("shortcuts.next") },
              { key: "k", label: t("shortcuts.previous") },
              { key: "Enter", label: t("shortcuts.openTicket") },
              { key: "x", label: t("shortcuts.select") },
              { key: "/", label: t("shortcuts.search") },
              { key: "?", label: t("shortcuts.help") },
            ]}
          />
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      <QueueFilters query={query} agents={agents} currentAgentId={currentAgentId} searchInputRef={searchInput} />
      <StatusCounts counts={page.counts} query={query} />

      {selectedTickets.length > 0 && (
        <BulkBar
          tickets={selectedTickets}
          currentAgentId={currentAgentId}
          agents={agents}
          onOutcome={(outcome) => {
            setBulkOutcome(outcome);
            if (outcome.ok) {
              setSelected(new Set());
              void load();
            }
          }}
          onClear={() => setSelected(new Set())}
        />
      )}

      <BulkOutcomeNotice outcome={bulkOutcome} />

      <QueueTable
        rows={rows}
        now={now}
        selected={selected}
        activeIndex={activeIndex}
        freshIds={freshIds}
        onToggle={toggle}
        onToggleAll={(checked) => setSelected(checked ? new Set(rows.map((row) => row.id)) : new Set())}
        onFocusRow={setActiveIndex}
      />

      <nav className="queue-pagination" aria-label={t("pagination.label")}>
        {page.previousCursor ? (
          <Link href={`/agent${queueSearchString(query, { before: page.previousCursor, limit: query.limit })}`} rel="prev">
            ← {t("pagination.previous")}
          </Link>
        ) : (
          <span aria-disabled="true">← {t("pagination.previous")}</span>
        )}
        {page.nextCursor ? (
          <Link href={`/agent${queueSearchString(query, { after: page.nextCursor, limit: query.limit })}`} rel="next">
            {t("pagination.next")} →
          </Link>
        ) : (
          <span aria-disabled="true">{t("pagination.next")} →</span>
        )}
      </nav>
    </div>
  );
}
