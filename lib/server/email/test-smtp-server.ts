// A real SMTP server in the test process (smtp-server), parsing what it receives (mailparser),
// so tests see mail exactly as a recipient's server would.
import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type TestSmtpServer = {
  port: number;
  url: string;
  /** Every message accepted so far, across restarts, in arrival order. */
  received: ParsedMail[];
  /** Messages whose DATA has started arriving (accepted or not yet). */
  dataStarted: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
};

/**
 * A port nothing listens on right now, so parallel test runs on one machine do not collide; the
 * server may be stopped and started again on it.
 */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function createTestSmtpServer(
  options: {
    /** Hold each message this long before accepting it (a slow server). */
    acceptDelayMs?: number;
    /** Recipients refused with a permanent 550 answer. */
    refuseRecipients?: string[];
  } = {},
): Promise<TestSmtpServer> {
  const port = await freePort();
  let server: SMTPServer | null = null;
  const state: TestSmtpServer = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    dataStarted: 0,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        // A plain local server: no certificate for STARTTLS to offer.
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (options.refuseRecipients?.includes(address.address)) {
            callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
          } else callback();
        },
        onData(stream, _session, callback) {
          state.dataStarted += 1;
          simpleParser(stream)
            .then(async (mail) => {
              if (options.acceptDelayMs) await new Promise((resolve) => setTimeout(resolve, options.acceptDelayMs));
              state.received.push(mail);
              callback();
            })
            .catch(callback);
        },
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async stop() {
      const closing = server;
      server = null;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async waitForMessages(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, received ${state.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return state.received;
    },
  };
  return state;
}
