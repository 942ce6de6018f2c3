import "server-only";
import os from "node:os";

/**
 * How many uploads this process reads and checks at once. An upload is held in memory whole
 * while it is checked (about twice its size for a moment), so without a bound memory would grow
 * with every upload that arrives at the same time; the check is CPU work, so more at once than
 * there are cores adds no throughput. The others wait before their body is read, held back by
 * TCP rather than buffered here.
 */
export const UPLOAD_SLOTS = Math.max(2, os.availableParallelism());

type Slots = { free: number; waiting: (() => void)[] };

// Route handlers are bundled separately; one process-wide slot count keeps the bound global.
const SLOTS = Symbol.for("supportgate.uploadSlots");
type GlobalWithSlots = typeof globalThis & { [SLOTS]?: Slots };

function slots(): Slots {
  const slot = globalThis as GlobalWithSlots;
  slot[SLOTS] ??= { free: UPLOAD_SLOTS, waiting: [] };
  return slot[SLOTS];
}

/** Runs `work` once one of the UPLOAD_SLOTS is free, in arrival order. */
export async function withUploadSlot<T>(work: () => Promise<T>): Promise<T> {
  const state = slots();
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
}
