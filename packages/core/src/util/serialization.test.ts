import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { deserialize, serialize } from "./serialization.js";

const samples: [string, unknown][] = [
  ["plain object", { a: 1, b: "x", c: [true, null, { d: 2.5 }] }],
  ["string", "hello"],
  ["null", null],
  ["undefined", undefined],
  ["object with undefined", { a: undefined, b: 1 }],
  ["Date", { at: new Date(1_700_000_000_000) }],
  ["Map and Set", { m: new Map([["k", 1]]), s: new Set([1, 2]) }],
  ["BigInt", { big: 2n ** 70n }],
  ["NaN, Infinity, -0", [Number.NaN, Number.POSITIVE_INFINITY, -0]],
  // biome-ignore lint/suspicious/noSparseArray: a hole must survive as superjson keeps it
  ["sparse array", [1, , 3]],
  [
    "class instance",
    new (class Point {
      x = 1;
    })(),
  ],
  ["a string that looks like meta", { text: '"meta":{}' }],
];

describe("serialize", () => {
  it.each(samples)("round-trips %s exactly as superjson does", (_, value) => {
    const text = serialize(value);
    expect(deserialize(text)).toEqual(superjson.parse(superjson.stringify(value)));
    expect(superjson.parse(text)).toEqual(superjson.parse(superjson.stringify(value)));
  });

  it("writes plain JSON in superjson's own format, so any superjson reader accepts it", () => {
    expect(serialize({ a: [1, "b"] })).toBe(superjson.stringify({ a: [1, "b"] }));
  });
});
