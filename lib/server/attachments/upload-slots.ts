import "server-only";
import os from "node:os";
import { uploadLimits } from "./limits.ts";
import { uploaderOf } from "./quota.ts";

type Slots = { free: number; waiting: (() => void)[] };

/** Runs `work` once one of `slots` is free, in arrival order. */
async function inSlot<T>(slots: Slots, work: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line, or give it back.
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

type GlobalWithSlots = typeof globalThis & Record<symbol, Slots | undefined>;

/**
 * A process-wide count of `size` slots. Route handlers are bundled separately, so the count
 * lives on globalThis under `name` to stay one bound per process.
 */
function processSlots(name: string, size: () => number): <T>(work: () => Promise<T>) => Promise<T> {
  const key = Symbol.for(name);
  return (work) => inSlot(((globalThis as GlobalWithSlots)[key] ??= { free: size(), waiting: [] }), work);
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
export const withUploadSlot = processSlots("supportgate.uploadSlots", () => UPLOAD_SLOTS);

/**
 * Bodies held in memory at once (UPLOAD_BODY_BUFFERS, up to 10 MB each): a bound on memory that
 * slow connections cannot turn into a bound on everyone's uploads, since a body that falls behind
 * its pace (readLimited) is cut off. Uploads beyond it wait in arrival order, their bodies left
 * unread in TCP's hands.
 */
const withBodyMemory = processSlots("supportgate.uploadBodyBuffers", () => uploadLimits().bodyBuffers);

const BODIES_PER_CLIENT = Symbol.for("supportgate.uploadBodiesPerClient");
type GlobalWithClients = typeof globalThis & { [BODIES_PER_CLIENT]?: Map<string, Slots> };

/**
 * Runs `work`, which reads and checks one upload body, holding one of the body buffers. One client
 * (address, or IPv6 /64) gets at most UPLOAD_BODY_BUFFERS_PER_CLIENT of them; its further uploads
 * wait for its own earlier ones (a form's five screenshots go up two at a time, over the same
 * link), so one client's slow connections cannot fill the buffers and delay only that client.
 * Bodies fetched from UploadThing (`clientAddress` null) come from no client.
 */
export async function withBodyBuffer<T>(clientAddress: string | null, work: () => Promise<T>): Promise<T> {
  if (clientAddress === null) return withBodyMemory(work);
  const client = uploaderOf(clientAddress);
  const clients = ((globalThis as GlobalWithClients)[BODIES_PER_CLIENT] ??= new Map());
  const perClient = uploadLimits().bodyBuffersPerClient;
  const own = clients.get(client) ?? { free: perClient, waiting: [] };
  clients.set(client, own);
  try {
    return await inSlot(own, () => withBodyMemory(work));
  } finally {
    if (own.free >= perClient && !own.waiting.length) clients.delete(client);
  }
}
