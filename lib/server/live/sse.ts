import "server-only";
import { LIVE_READY_EVENT, LIVE_SSE_EVENT, type LiveEvent } from "@/lib/live/events.ts";
import type { HubEvent, LiveHub } from "./hub.ts";

export type LiveStreamOptions = {
  /** comment lines that keep proxies from closing an idle stream */
  heartbeatMs?: number;
  /**
   * The stream ends after this long and the browser reconnects, which checks the session again:
   * a signed-out or deactivated agent stops hearing about changes.
   */
  maxAgeMs?: number;
  /** what the browser waits before reconnecting */
  retryMs?: number;
  /**
   * The agent session the stream belongs to: it closes the moment that session ends (sign-out,
   * deactivation, role or password change … announced by the database, whichever instance ended
   * it) and, as a backstop, when `stillOpen` says no at a periodic check (idle or absolute expiry).
   */
  session?: { id: string; stillOpen: () => Promise<boolean>; checkEveryMs?: number };
};

const encoder = new TextEncoder();

/**
 * A text/event-stream body relaying the hub's changes until `signal` aborts (the browser went
 * away) or `maxAgeMs` passes.
 */
export function liveEventStream(hub: LiveHub, signal: AbortSignal, options: LiveStreamOptions = {}): ReadableStream<Uint8Array> {
  const { heartbeatMs = 15_000, maxAgeMs = 5 * 60_000, retryMs = 3_000, session } = options;
  let finish: () => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const unsubscribe = hub.subscribe((event: HubEvent) => {
        if (event.kind === "session.ended") {
          if (event.sessionId === session?.id) finish();
          return;
        }
        send(`event: ${LIVE_SSE_EVENT}\ndata: ${JSON.stringify(event satisfies LiveEvent)}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: ping\n\n`), heartbeatMs);
      const sessionCheck =
        session &&
        setInterval(() => {
          session.stillOpen().then(
            (open) => open || finish(),
            () => undefined,
          );
        }, session.checkEveryMs ?? 30_000);
      const expiry = setTimeout(() => finish(), maxAgeMs);
      // The session may have ended between the request's check and the subscription above.
      session?.stillOpen().then(
        (open) => open || finish(),
        () => undefined,
      );
      finish = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        clearTimeout(expiry);
        signal.removeEventListener("abort", finish);
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      signal.addEventListener("abort", finish);
      send(`retry: ${retryMs}\n: connected\n\n`);
      void hub.ready().then(() => send(`event: ${LIVE_READY_EVENT}\ndata: {}\n\n`));
      if (signal.aborted) finish();
    },
    cancel() {
      finish();
    },
  });
}

export const LIVE_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform keeps compression middleware from buffering the stream
  "Cache-Control": "no-cache, no-store, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;
