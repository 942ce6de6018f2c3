import os from "node:os";
import { AppError } from "@/lib/errors.ts";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/validation/attachment.ts";
import { uploadLimits } from "./limits.ts";
import { uploaderOf } from "./quota.ts";

type Slots = { free: number; waiting: (() => void)[] };
type GlobalWithSlots = typeof globalThis & Record<symbol, Slots | undefined>;

/**
 * A process-wide count of `size` slots, taken in arrival order. Route handlers are bundled
 * separately, so the count lives on globalThis under `name` to stay one bound per process.
 */
function slots(name: string, size: () => number): <T>(work: () => Promise<T>) => Promise<T> {
  const key = Symbol.for(name);
  return async (work) => {
    const state = ((globalThis as GlobalWithSlots)[key] ??= { free: size(), waiting: [] });
    if (state.free > 0) state.free--;
    else await new Promise<void>((resolve) => state.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = state.waiting.shift();
      if (next) next();
      else state.free++;
    }
  };
}

/**
 * How many decodes this process runs at once: an upload's check, or a thumbnail made for a file
 * stored before thumbnails were. Decoding is CPU work, so more at once than there are cores adds
 * no throughput, and sharp runs on libuv's small thread pool, which file reads share: unbounded
 * decodes would hold up every other request's disk access. Only the CPU work holds a slot; an
 * upload's body is read before (see withBodyBuffer).
 */
export const UPLOAD_SLOTS = Math.max(2, os.availableParallelism());

/** Runs `work` once one of the UPLOAD_SLOTS is free, in arrival order. */
export const withUploadSlot = slots("supportgate.uploadSlots", () => UPLOAD_SLOTS);

/**
 * Bodies held in memory at once (UPLOAD_BODY_BUFFERS, up to 10 MB each): a bound on memory that
 * slow connections cannot turn into a bound on everyone's uploads, since a body that falls behind
 * its pace (readLimited) is cut off. Uploads beyond it wait in arrival order, their bodies left
 * unread in TCP's hands.
 */
const withBodyMemory = slots("supportgate.uploadBodyBuffers", () => uploadLimits().bodyBuffers);

const BODIES_PER_CLIENT = Symbol.for("supportgate.uploadBodiesPerClient");
type GlobalWithClients = typeof globalThis & { [BODIES_PER_CLIENT]?: Map<string, number> };

/**
 * Runs `work`, which reads and checks one upload body, holding one of the body buffers. One client
 * (address, or IPv6 /64) may have as many bodies in flight as one form has screenshots; more are
 * refused at once rather than queued, so one client's slow connections cannot fill the buffers.
 * Bodies fetched from UploadThing (`clientAddress` null) come from no client.
 */
export async function withBodyBuffer<T>(clientAddress: string | null, work: () => Promise<T>): Promise<T> {
  if (clientAddress === null) return withBodyMemory(work);
  const client = uploaderOf(clientAddress);
  const inFlight = ((globalThis as GlobalWithClients)[BODIES_PER_CLIENT] ??= new Map());
  const current = inFlight.get(client) ?? 0;
  if (current >= MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new AppError("RATE_LIMITED", { detail: `${current} uploads in flight from ${client}`, params: { retryAfterSeconds: 5 } });
  }
  inFlight.set(client, current + 1);
  try {
    return await withBodyMemory(work);
  } finally {
    const left = (inFlight.get(client) ?? 1) - 1;
    if (left > 0) inFlight.set(client, left);
    else inFlight.delete(client);
  }
}
