/**
 * What the dashboard hears about changes (README "Tickets and triage": changes appear without reload). The
 * database announces them (prisma/migrations/*_live_update_notifications), every app instance
 * relays them to its browsers over Server-Sent Events. Ids, reference, version and kind only:
 * never customer data.
 */
export type LiveEvent =
  | { kind: "ticket.created" | "ticket.updated"; ticketId: string; reference: string; version: number }
  | {
      kind: "message.created";
      ticketId: string;
      reference: string;
      version: number;
      messageKind: "PUBLIC_REPLY" | "INTERNAL_NOTE";
    }
  /** many rows changed in one statement: reload */
  | { kind: "tickets.bulk"; count: number }
  /** notices may have been missed (the server lost its database connection): reload */
  | { kind: "resync" };

/** The SSE event name every LiveEvent is sent under. */
export const LIVE_SSE_EVENT = "change";
/** Sent once the server is listening: anything before it may have been missed, so reload. */
export const LIVE_READY_EVENT = "ready";
export const LIVE_EVENTS_PATH = "/api/agent/events";

