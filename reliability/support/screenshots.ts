// What the upload scenarios share: timing requests, a customer's screenshot attached to their
// ticket, and a file stored by an earlier version of the app written straight into its storage.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { percentiles } from "../../bench/stats.ts";
import { newUploadToken, sendReply, uploadScreenshot } from "./customer.ts";

/** As the trusted proxy passes the client's address (the app runs with TRUSTED_PROXY_HOPS=1). */
export const from = (address: string) => ({ "x-forwarded-for": address });

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** "p50 12.3 ms, p95 45.6 ms (n=40)", or "none" for no samples. */
export function describeLatency(samples: readonly number[]): string {
  if (!samples.length) return "none";
  const { p50, p95, count } = percentiles(samples);
  return `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (n=${count})`;
}

export const p95 = (samples: readonly number[]) => percentiles(samples).p95;

/** Uploads `bytes` and sends it with a reply on the ticket; the attachment's id, or null when either was refused. */
export async function attachScreenshot(baseURL: string, statusToken: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<string | null> {
  const uploadToken = newUploadToken();
  const upload = await uploadScreenshot(baseURL, uploadToken, bytes, headers);
  if (!upload.id) return null;
  const reply = await sendReply(baseURL, statusToken, { body: "Here is the screenshot.", uploadToken, attachmentIds: [upload.id] }, headers);
  return reply.state === "sent" ? upload.id : null;
}

/**
 * An attached screenshot as an earlier version of the app stored it (file on local disk, row
 * without any of the later columns), bypassing today's upload checks: what an instance upgraded
 * in place still holds.
 */
export async function storeAsEarlierVersion(
  { databaseUrl, uploadDir }: { databaseUrl: string; uploadDir: string },
  { reference, bytes, contentType, width, height }: { reference: string; bytes: Buffer; contentType: string; width: number; height: number },
): Promise<string> {
  const name = randomUUID();
  const storageKey = `${name.slice(0, 2)}/${name}.${contentType === "image/jpeg" ? "jpg" : contentType.slice("image/".length)}`;
  fs.mkdirSync(path.join(uploadDir, name.slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(uploadDir, storageKey), bytes);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO attachments (ticket_id, state, storage, storage_key, content_type, byte_size, width, height, sha256, original_name, attached_at)
       SELECT id, 'ATTACHED', 'LOCAL', $2, $3, $4, $5, $6, $7, 'earlier.jpg', now() FROM tickets WHERE reference = $1
       RETURNING id::text AS id`,
      [reference, storageKey, contentType, bytes.length, width, height, createHash("sha256").update(bytes).digest("hex")],
    );
    if (!rows[0]) throw new Error(`no ticket ${reference}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}
