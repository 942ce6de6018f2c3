import "server-only";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/attachment.ts";
import { rejectUpload } from "./rejection.ts";

/**
 * How fast a body must arrive: all of it within `deadlineMs`, and at least `minBytesPerSecond`
 * (on average) in every window of `windowMs`, so a connection that trickles or stalls is cut off
 * long before the deadline.
 */
export type BodyPace = {
  deadlineMs: number;
  minBytesPerSecond: number;
  windowMs: number;
  /** when the request arrived (performance.now()); the deadline counts from there, waiting for a buffer included */
  arrivedAt?: number;
};

type Chunk = ReadableStreamReadResult<Uint8Array>;

/** reader.read() that throws too_slow when the body falls behind `pace`. */
function pacedRead(reader: ReadableStreamDefaultReader<Uint8Array>, pace: BodyPace): () => Promise<Chunk> {
  const deadline = (pace.arrivedAt ?? performance.now()) + pace.deadlineMs;
  const windowMinimum = (pace.minBytesPerSecond * pace.windowMs) / 1000;
  let windowEnd = performance.now() + pace.windowMs;
  let windowBytes = 0;
  return async () => {
    const pending = reader.read();
    // The caller cancels the reader when this throws; that settles `pending`, unobserved.
    pending.catch(() => undefined);
    for (;;) {
      const now = performance.now();
      if (now >= deadline) throw rejectUpload("too_slow", `body not complete after ${pace.deadlineMs} ms`);
      if (now >= windowEnd) {
        if (windowBytes < windowMinimum) throw rejectUpload("too_slow", `${windowBytes} bytes in ${pace.windowMs} ms`);
        windowBytes = 0;
        windowEnd = now + pace.windowMs;
      }
      let timer: NodeJS.Timeout | undefined;
      const wake = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), Math.min(deadline, windowEnd) - now);
      });
      const chunk = await Promise.race([pending, wake]).finally(() => clearTimeout(timer));
      if (chunk) {
        windowBytes += chunk.value?.byteLength ?? 0;
        return chunk;
      }
    }
  };
}

/**
 * Reads a body stream into memory, refusing it as soon as it passes `limit` bytes, and with
 * `pace` as soon as it falls behind it. With the size announced (Content-Length, already checked
 * against the limit) the bytes go straight into one buffer of that size: no list of chunks
 * copied together at the end, so a 10 MB upload costs 10 MB of memory rather than twice that for
 * a moment.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  limit = MAX_ATTACHMENT_BYTES,
  announcedBytes?: number,
  pace?: BodyPace,
): Promise<Buffer> {
  if (!stream) throw rejectUpload("damaged", "no body");
  const reader = stream.getReader();
  const read = pace ? pacedRead(reader, pace) : () => reader.read();
  const refuse = async (error: unknown) => {
    await reader.cancel().catch(() => undefined);
    return error;
  };
  try {
    if (announcedBytes !== undefined && Number.isSafeInteger(announcedBytes) && announcedBytes > 0 && announcedBytes <= limit) {
      const buffer = Buffer.allocUnsafe(announcedBytes);
      let filled = 0;
      for (;;) {
        const { done, value } = await read();
        if (done) return buffer.subarray(0, filled);
        if (filled + value.byteLength > announcedBytes) throw rejectUpload("too_large", `body passed its announced ${announcedBytes} bytes`);
        buffer.set(value, filled);
        filled += value.byteLength;
      }
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw rejectUpload("too_large", `body passed ${limit} bytes`);
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    throw await refuse(error);
  }
}
