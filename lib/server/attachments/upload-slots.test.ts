import { describe, expect, it } from "vitest";
import { uploadLimits } from "./limits.ts";
import { UPLOAD_SLOTS, withBodyBuffer, withUploadSlot } from "./upload-slots.ts";

describe("withUploadSlot", () => {
  it("runs at most UPLOAD_SLOTS at once, the rest in arrival order, and frees slots after failures", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const total = UPLOAD_SLOTS + 3;
    const results = Array.from({ length: total }, (_, index) =>
      withUploadSlot(async () => {
        started.push(index);
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (index === 0) throw new Error("refused upload");
        return index;
      }),
    );
    const outcomes = Promise.allSettled(results);
    for (let released = 0; released < total; released++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      releases[released]!();
    }
    const settled = await outcomes;
    expect(mostAtOnce).toBe(UPLOAD_SLOTS);
    expect(started).toEqual(Array.from({ length: total }, (_, index) => index));
    expect(settled[0]!.status).toBe("rejected");
    expect(settled.slice(1).every((outcome) => outcome.status === "fulfilled")).toBe(true);
    // every slot is free again
    const again = await Promise.all(Array.from({ length: UPLOAD_SLOTS }, () => withUploadSlot(async () => running)));
    expect(again).toEqual(Array.from({ length: UPLOAD_SLOTS }, () => 0));
  });
});

describe("withBodyBuffer", () => {
  it("gives one client (an IPv6 /64 counts as one) its share of bodies at once; its others wait, other clients do not", async () => {
    const releases: (() => void)[] = [];
    let running = 0;
    const hold = (address: string) =>
      withBodyBuffer(address, async () => {
        running++;
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const held = [...Array.from({ length: 4 }, () => hold("2001:db8:1:2::10")), ...Array.from({ length: 3 }, () => hold("2001:db8:1:2:ffff::99"))];
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(running).toBe(uploadLimits().bodyBuffersPerClient);
    expect(await withBodyBuffer("2001:db8:1:3::10", async () => "another client")).toBe("another client");
    while (releases.length) {
      releases.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(held);
    expect(running).toBe(0);
  });
});
