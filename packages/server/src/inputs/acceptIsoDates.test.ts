import { describe, expect, test } from "vitest";
import { z } from "zod";
import { acceptIsoDates } from "./acceptIsoDates.js";

const at = "2026-12-01T09:00:00Z";
const date = new Date(at);

describe("acceptIsoDates", () => {
  test("turns ISO strings into Dates at z.date() positions: nested, in arrays, optional, nullable", () => {
    const schema = z.object({
      at: z.date(),
      list: z.array(z.date()).optional(),
      inner: z.object({ from: z.date().nullable() }).optional(),
      byName: z.record(z.string(), z.date()),
      pair: z.tuple([z.string(), z.date()]),
      later: z.lazy(() => z.date()).default(new Date(0)),
    });
    const value = {
      at,
      list: ["2026-12-02", "2026-12-03T10:30:00.000+02:00"],
      inner: { from: null },
      byName: { a: at },
      pair: [at, at],
      later: at,
    };
    const converted = acceptIsoDates(schema, value);
    expect(converted).toEqual({
      at: date,
      list: [new Date("2026-12-02T00:00:00Z"), new Date("2026-12-03T08:30:00Z")],
      inner: { from: null },
      byName: { a: date },
      pair: [at, date],
      later: date,
    });
    expect(schema.safeParse(converted).success).toBe(true);
    expect(value.at).toBe(at); // the caller's value is not changed
  });

  test("leaves what is not an ISO date, and strings a union accepts as strings", () => {
    const schema = z.object({ at: z.date(), either: z.union([z.date(), z.string()]), text: z.string() });
    expect(acceptIsoDates(schema, { at: "next tuesday", either: at, text: at })).toEqual({
      at: "next tuesday",
      either: at,
      text: at,
    });
    expect(acceptIsoDates(z.union([z.date(), z.number()]), at)).toEqual(date);
    expect(acceptIsoDates(z.date(), "2026-13-45")).toBe("2026-13-45");
  });

  test("returns a value of a schema without dates as is, recursive schemas included", () => {
    const value = { name: at };
    expect(acceptIsoDates(z.object({ name: z.string() }), value)).toBe(value);
    type Node = { at: Date; children: Node[] };
    const node: z.ZodType<Node> = z.object({ at: z.date(), children: z.array(z.lazy(() => node)) });
    expect(acceptIsoDates(node, { at, children: [{ at, children: [] }] })).toEqual({
      at: date,
      children: [{ at: date, children: [] }],
    });
  });

  test("keeps an own __proto__ key an own property, never the prototype of the copy", () => {
    const schema = z.looseObject({ at: z.date() });
    const value = JSON.parse(`{"at":"${at}","__proto__":{"polluted":true}}`) as Record<string, unknown>;
    const converted = acceptIsoDates(schema, value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(Object.hasOwn(converted, "__proto__")).toBe(true);
    expect((converted as { polluted?: unknown }).polluted).toBeUndefined();
    expect(converted.at).toEqual(date);
  });
});
