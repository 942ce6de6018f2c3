import "server-only";
import pg from "pg";
import { z } from "zod";
import type { LiveEvent } from "@/lib/live/events.ts";
import { database as processDatabase, type Database } from "@/lib/server/db/client.ts";

/** The channel the database triggers announce on (prisma/migrations/*_live_update_notifications). */
export const LIVE_CHANNEL = "supportgate_live";

const notificationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.enum(["ticket.created", "ticket.updated"]),
    ticketId: z.uuid(),
    reference: z.string(),
    version: z.number().int(),
  }),
  z.object({
    kind: z.literal("message.created"),
    ticketId: z.uuid(),
    reference: z.string(),
    version: z.number().int(),
    messageKind: z.enum(["PUBLIC_REPLY", "INTERNAL_NOTE"]),
  }),
  z.object({ kind: z.literal("tickets.bulk"), count: z.number().int() }),
  z.object({ kind: z.literal("session.ended"), sessionId: z.uuid(), userId: z.uuid() }),
]);

/**
 * A session ended (prisma/migrations/*_agent_auth): for the server only — the streams of that
 * session close (lib/server/live/sse.ts); browsers never receive it.
 */
export type SessionEndedEvent = { kind: "session.ended"; sessionId: string; userId: string };
export type HubEvent = LiveEvent | SessionEndedEvent;

export function parseNotification(payload: string): HubEvent | null {
  try {
    const parsed = notificationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type Emit = (event: HubEvent) => void;

interface NotificationSource {
  /** Resolves once the first LISTEN is in place. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
// A connection can die without an error (a NAT or proxy dropping it); a ping finds out.
const PING_INTERVAL_MS = 30_000;

/**
 * One dedicated connection per app instance LISTENing on a PostgreSQL server. When it is lost
 * it reconnects with exponential back-off (jittered, so a restarted database is not stormed by
 * every instance at once) and then announces "resync": notices sent meanwhile are gone.
 */
class PostgresNotificationSource implements NotificationSource {
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private client: pg.Client | null = null;
  private failures = 0;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly emit: Emit,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    void this.connect(false);
  }

  private async connect(reconnecting: boolean): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: "supportgate-live",
    });
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel !== LIVE_CHANNEL || !message.payload) return;
      const event = parseNotification(message.payload);
      if (event) this.emit(event);
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    this.failures = 0;
    this.pingTimer = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => this.lost(client, error));
    }, PING_INTERVAL_MS);
    this.pingTimer.unref();
    this.markReady();
    if (reconnecting) this.emit({ kind: "resync" });
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    clearInterval(this.pingTimer);
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures++) * (0.5 + Math.random() / 2);
    console.warn(
      `[live] database listener lost (${error instanceof Error ? error.message : "connection ended"}); retrying in ${Math.round(delay)} ms`,
    );
    this.reconnectTimer = setTimeout(() => void this.connect(true), delay);
    this.reconnectTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** The embedded database lives in this process, so notices arrive in-process. */
class PgliteNotificationSource implements NotificationSource {
  readonly ready: Promise<void>;
  private unlisten: Promise<(() => Promise<void>) | undefined>;

  constructor(pglite: NonNullable<Database["pglite"]>, emit: Emit) {
    this.unlisten = pglite
      .listen(LIVE_CHANNEL, (payload) => {
        const event = parseNotification(payload);
        if (event) emit(event);
      })
      .catch((error: unknown) => {
        console.error("[live] could not listen on the embedded database:", error);
        return undefined;
      });
    this.ready = this.unlisten.then(() => undefined);
  }

  async stop(): Promise<void> {
    const unlisten = await this.unlisten;
    await unlisten?.().catch(() => undefined);
  }
}

/**
 * Fans the database's change notices out to this instance's open dashboards. The listener starts
 * with the first subscriber and stays up; each instance has its own, so several instances behind
 * a load balancer all hear every change.
 */
export class LiveHub {
  private readonly subscribers = new Set<Emit>();
  private source: NotificationSource | null = null;

  constructor(private readonly database: Database) {}

  subscribe(subscriber: Emit): () => void {
    this.subscribers.add(subscriber);
    this.start();
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** Resolves once the database listener is in place (notices before that are not heard). */
  ready(): Promise<void> {
    return this.start().ready;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  private start(): NotificationSource {
    if (!this.source) {
      const emit: Emit = (event) => {
        for (const subscriber of this.subscribers) {
          try {
            subscriber(event);
          } catch (error) {
            console.error("[live] subscriber failed:", error);
          }
        }
      };
      if (this.database.pglite) this.source = new PgliteNotificationSource(this.database.pglite, emit);
      else if (this.database.target.kind === "postgres") this.source = new PostgresNotificationSource(this.database.target.url, emit);
      else throw new Error("unreachable: embedded database without PGlite");
    }
    return this.source;
  }

  async close(): Promise<void> {
    this.subscribers.clear();
    await this.source?.stop();
    this.source = null;
  }
}

const SLOT = Symbol.for("supportgate.liveHub");
type GlobalWithHub = typeof globalThis & { [SLOT]?: LiveHub };

/** This process's hub, on the process-wide database. */
export function liveHub(): LiveHub {
  const slot = globalThis as GlobalWithHub;
  slot[SLOT] ??= new LiveHub(processDatabase());
  return slot[SLOT];
}
