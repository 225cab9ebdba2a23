import { describe, expect, it } from "vitest";
import { TurnBatcher } from "./turnBatcher.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("TurnBatcher", () => {
  it("writes what one turn added as one batch, batches one after another, and drains", async () => {
    const written: number[][] = [];
    let writing = 0;
    let overlapped = false;
    const batcher = new TurnBatcher<number>(
      async (batch) => {
        overlapped ||= writing > 0;
        writing += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        written.push(batch);
        writing -= 1;
      },
      () => {},
    );
    for (const n of [1, 2, 3]) batcher.add(n);
    await nextTurn();
    // Added while the first batch is being written: they form the next batch.
    batcher.add(4);
    batcher.add(5);
    await batcher.drain();
    expect(written).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(overlapped).toBe(false);
  });

  it("reports an error that escapes a write and keeps writing later batches", async () => {
    const errors: unknown[] = [];
    const written: string[][] = [];
    const batcher = new TurnBatcher<string>(
      async (batch) => {
        if (batch.includes("bad")) throw new Error("write failed");
        written.push(batch);
      },
      (error) => errors.push(error),
    );
    batcher.add("bad");
    await batcher.drain();
    batcher.add("good");
    await batcher.drain();
    expect(errors).toHaveLength(1);
    expect(written).toEqual([["good"]]);
  });
});
