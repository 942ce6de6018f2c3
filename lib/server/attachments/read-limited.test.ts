import { describe, expect, it } from "vitest";
import { rejectionReason } from "./rejection.ts";
import { readLimited } from "./read-limited.ts";

function streamOf(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
}

describe("readLimited", () => {
  it("reads a body of the announced size into one buffer", async () => {
    const bytes = await readLimited(streamOf([1, 2, 3], [4, 5]), 10, 5);
    expect([...bytes]).toEqual([1, 2, 3, 4, 5]);
  });

  it("returns what arrived when a body is shorter than announced", async () => {
    const bytes = await readLimited(streamOf([1, 2]), 10, 5);
    expect([...bytes]).toEqual([1, 2]);
  });

  it("refuses a body longer than announced", async () => {
    const error = await readLimited(streamOf([1, 2, 3], [4, 5, 6]), 10, 4).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_large");
  });

  it("without an announced size, reads up to the limit and refuses past it", async () => {
    expect([...(await readLimited(streamOf([1, 2], [3]), 3))]).toEqual([1, 2, 3]);
    const error = await readLimited(streamOf([1, 2], [3, 4]), 3).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_large");
  });

  it("ignores an announced size over the limit and still stops at the limit", async () => {
    const error = await readLimited(streamOf([1, 2], [3, 4]), 3, 100).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_large");
  });
});

describe("readLimited under a deadline and a minimum rate", () => {
  /** Sends `bytesPerTick` every `tickMs` for `ticks` ticks (forever when Infinity), then ends. */
  function paced(bytesPerTick: number, tickMs: number, ticks = Infinity): ReadableStream<Uint8Array> {
    let timer: NodeJS.Timeout | undefined;
    let sent = 0;
    return new ReadableStream({
      start(controller) {
        timer = setInterval(() => {
          if (sent++ >= ticks) {
            clearInterval(timer);
            controller.close();
            return;
          }
          controller.enqueue(new Uint8Array(bytesPerTick));
        }, tickMs);
      },
      cancel() {
        clearInterval(timer);
      },
    });
  }

  it("cuts a body that has not arrived by the deadline", async () => {
    const started = performance.now();
    const error = await readLimited(paced(100, 10), 1_000_000, undefined, { deadlineMs: 150, minBytesPerSecond: 0, windowMs: 1_000 }).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_slow");
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("cuts a body that trickles in below the minimum rate, long before the deadline", async () => {
    const started = performance.now();
    const error = await readLimited(paced(1, 20), 1_000_000, 1_000, { deadlineMs: 10_000, minBytesPerSecond: 1_000, windowMs: 100 }).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_slow");
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("cuts a body that stops sending altogether", async () => {
    const silent = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new Uint8Array(10)) });
    const error = await readLimited(silent, 1_000, 100, { deadlineMs: 10_000, minBytesPerSecond: 10, windowMs: 100 }).catch((caught: unknown) => caught);
    expect(rejectionReason(error)).toBe("too_slow");
  });

  it("reads a body that keeps up the minimum rate", async () => {
    const bytes = await readLimited(paced(50, 10, 30), 10_000, 1_500, { deadlineMs: 5_000, minBytesPerSecond: 1_000, windowMs: 100 });
    expect(bytes.length).toBe(1_500);
  });
});
