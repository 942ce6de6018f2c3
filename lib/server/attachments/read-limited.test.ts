import { describe, expect, it } from "vitest";
import { rejectionReason } from "./rejection.ts";
import { readLimited } from "./uploads.ts";

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
