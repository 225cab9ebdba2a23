import type { ReactNode } from "react";
import { formatDate } from "../lib/format.js";

/**
 * A value as indented JSON, but with what superjson carried kept visible: a Date reads as a date
 * (ISO in its tooltip), Maps, Sets, BigInts and undefined are marked as such.
 */
export function JsonView({ value }: { value: unknown }) {
  return <pre className="json">{render(value, 0)}</pre>;
}

const pad = (depth: number) => "  ".repeat(depth);

function render(value: unknown, depth: number): ReactNode {
  if (value === null) return <span className="j-null">null</span>;
  if (value === undefined) return <span className="j-null">undefined</span>;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? (
      <span className="j-date">Invalid Date</span>
    ) : (
      <span className="j-date" title={value.toISOString()}>
        {formatDate(value)}
      </span>
    );
  }
  switch (typeof value) {
    case "string":
      return <span className="j-string">{JSON.stringify(value)}</span>;
    case "number":
    case "boolean":
      return <span className="j-number">{String(value)}</span>;
    case "bigint":
      return <span className="j-number">{`${value}n`}</span>;
  }
  if (value instanceof Map)
    return entries(
      `Map(${value.size}) `,
      [...value.entries()].map(([k, v]) => [String(k), v]),
      depth,
    );
  if (value instanceof Set) return list(`Set(${value.size}) `, [...value], depth);
  if (Array.isArray(value)) return list("", value, depth);
  if (typeof value === "object") return entries("", Object.entries(value as object), depth);
  return String(value);
}

function list(prefix: string, items: unknown[], depth: number): ReactNode {
  if (items.length === 0) return `${prefix}[]`;
  return (
    <>
      {`${prefix}[\n`}
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity of array items
        <span key={index}>
          {pad(depth + 1)}
          {render(item, depth + 1)}
          {index < items.length - 1 ? ",\n" : "\n"}
        </span>
      ))}
      {`${pad(depth)}]`}
    </>
  );
}

function entries(prefix: string, pairs: [string, unknown][], depth: number): ReactNode {
  if (pairs.length === 0) return `${prefix}{}`;
  return (
    <>
      {`${prefix}{\n`}
      {pairs.map(([key, item], index) => (
        <span key={key}>
          {pad(depth + 1)}
          <span className="j-key">{JSON.stringify(key)}</span>
          {": "}
          {render(item, depth + 1)}
          {index < pairs.length - 1 ? ",\n" : "\n"}
        </span>
      ))}
      {`${pad(depth)}}`}
    </>
  );
}
