"use client";

import { useEffect, useRef, useState } from "react";
import { LIVE_EVENTS_PATH, LIVE_READY_EVENT, LIVE_SSE_EVENT, type LiveEvent } from "@/lib/live/events.ts";

export type LiveConnection = "connecting" | "live" | "reconnecting";

export type LiveHandlers = {
  /** a ticket or message changed */
  onChange(event: Extract<LiveEvent, { ticketId: string }>): void;
  /**
   * The page may have missed changes: on every (re)connect, after a bulk change, or when the
   * server lost its own database connection. Reload the page data.
   */
  onResync(): void;
};

const MAX_RETRY_MS = 30_000;

/**
 * Listens to GET /api/agent/events. EventSource reconnects by itself after a dropped connection
 * (the server sends `retry:`); when the browser gives up (the server answered an error, e.g. while
 * restarting) this reconnects with back-off. Every successful (re)connect asks for a resync.
 */
export function useLiveUpdates(handlers: LiveHandlers): LiveConnection {
  const [connection, setConnection] = useState<LiveConnection>("connecting");
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const connect = () => {
      source = new EventSource(LIVE_EVENTS_PATH);
      source.addEventListener(LIVE_READY_EVENT, () => {
        failures = 0;
        setConnection("live");
        latest.current.onResync();
      });
      source.addEventListener(LIVE_SSE_EVENT, (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
        } catch {
          return;
        }
        if ("ticketId" in event) latest.current.onChange(event);
        else latest.current.onResync();
      });
      source.onerror = () => {
        setConnection("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          const delay = Math.min(MAX_RETRY_MS, 1_000 * 2 ** failures++);
          retryTimer = setTimeout(connect, delay);
        }
      };
    };
    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);

  return connection;
}
