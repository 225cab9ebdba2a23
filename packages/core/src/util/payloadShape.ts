/**
 * What a payload (task input, output, continue input, error or log data) may hold, checked in one
 * walk that also tells the encoder whether the plain-JSON fast path applies.
 *
 * superjson carries payloads to the store and over HTTP, and it refuses two shapes that JSON
 * itself accepts: a key named `__proto__`, `constructor` or `prototype` (a prototype-pollution
 * guard, applied at any depth), and nesting deep enough to overflow its recursive walk (about
 * 2,000 levels, fewer inside a busy call stack). A payload of either shape could be written but
 * never read back over HTTP, so errand refuses both where the payload enters. The depth limit is
 * far below where any reader breaks and far above what real payloads need.
 */
export const MAX_PAYLOAD_DEPTH = 100;

const REFUSED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type PayloadProblem =
  | { kind: "key"; key: string; path: PathSegment[] }
  | { kind: "depth"; path: PathSegment[] }
  | { kind: "cycle"; path: PathSegment[] };

type PathSegment = string | number;

export type PayloadShape = { plain: boolean; problem: null } | { plain: false; problem: PayloadProblem };

/** Walks `value` once: `plain` when it is plain JSON (superjson adds nothing), or the first problem. */
export function inspectPayload(value: unknown): PayloadShape {
  const walk = new Walk();
  if (!walk.visit(value, 0)) return { plain: false, problem: walk.problem! };
  return { plain: walk.plain, problem: null };
}

class Walk {
  plain = true;
  problem: PayloadProblem | null = null;
  // Only read when a problem is found; kept as stacks so the common case allocates nothing.
  private readonly path: PathSegment[] = [];
  private readonly containers: object[] = [];

  /** False once a problem is found; the walk then stops. */
  visit(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case "string":
      case "boolean":
        return true;
      case "number":
        // NaN, ±Infinity and -0 need superjson's annotations to survive.
        if (!Number.isFinite(value) || Object.is(value, -0)) this.plain = false;
        return true;
      case "object":
        if (value === null) return true;
        return this.container(value, depth);
      default:
        // bigint and undefined need annotations; functions and symbols are superjson's to judge.
        this.plain = false;
        return true;
    }
  }

  private container(value: object, depth: number): boolean {
    if (
      value instanceof Date ||
      value instanceof RegExp ||
      value instanceof Error ||
      ArrayBuffer.isView(value)
    ) {
      this.plain = false;
      return true;
    }
    if (depth >= MAX_PAYLOAD_DEPTH) {
      const kind = this.containers.includes(value) ? "cycle" : "depth";
      this.problem = { kind, path: [...this.path] };
      return false;
    }
    this.containers.push(value);
    const ok = this.children(value, depth + 1);
    this.containers.pop();
    return ok;
  }

  private children(value: object, depth: number): boolean {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) {
          this.plain = false; // a hole
          continue;
        }
        if (!this.child(i, value[i], depth)) return false;
      }
      return true;
    }
    if (value instanceof Map) {
      this.plain = false;
      let row = 0;
      for (const [key, item] of value) {
        if (!this.child(row, key, depth) || !this.child(row++, item, depth)) return false;
      }
      return true;
    }
    if (value instanceof Set) {
      this.plain = false;
      let row = 0;
      for (const item of value) if (!this.child(row++, item, depth)) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) this.plain = false;
    for (const key of Object.keys(value)) {
      if (REFUSED_KEYS.has(key)) {
        this.problem = { kind: "key", key, path: [...this.path, key] };
        return false;
      }
      if (!this.child(key, (value as Record<string, unknown>)[key], depth)) return false;
    }
    return true;
  }

  private child(segment: PathSegment, value: unknown, depth: number): boolean {
    this.path.push(segment);
    const ok = this.visit(value, depth);
    this.path.pop();
    return ok;
  }
}

/** `input.list[0].name`, shortened in the middle when very deep. */
export function describePath(root: string, path: readonly PathSegment[]): string {
  const shown = path.length > 12 ? [...path.slice(0, 8), "…", ...path.slice(-3)] : path;
  let text = root;
  for (const segment of shown) {
    if (segment === "…") text += "…";
    else if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
