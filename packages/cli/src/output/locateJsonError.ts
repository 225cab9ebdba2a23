/** Where a JSON text stops being JSON, and why, in words a person fixing a shell argument can use. */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

/*
 * JSON.parse's messages differ between Node versions and often carry no position at all
 * (Node 20: `Unexpected token '}', "{"a":}" is not valid JSON`), so the position is found by
 * this small scanner, which follows the JSON grammar and stops at the first character it rejects.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw new Stop(i, `${reason}, found ${describeAt(text, i)}`);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (char: string, reason: string) => {
    if (text[i] !== char) fail(reason);
    i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail("expected a value");
  };
  const string = () => {
    expect('"', "expected a string in double quotes");
    while (text[i] !== '"') {
      if (i >= text.length) fail("unterminated string");
      const char = text[i]!;
      if (char < " ") fail("control character in a string (escape it, e.g. \\n)");
      if (char === "\\") {
        i++;
        if (text[i] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail("invalid escape in a string");
      }
      i++;
    }
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail("expected a value");
    i += match![0].length;
  };
  const list = (close: string, item: () => void, what: string) => {
    i++;
    skipSpace();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      skipSpace();
      if (text[i] === close) return void i++;
      expect(",", `expected ',' or '${close}' after ${what}`);
      skipSpace();
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === "{") {
      list(
        "}",
        () => {
          if (text[i] !== '"') fail("expected a property name in double quotes");
          string();
          skipSpace();
          expect(":", "expected ':' after the property name");
          value();
        },
        "a property",
      );
    } else if (char === "[") list("]", value, "an array item");
    else if (char === '"') string();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else number();
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail("unexpected text after the JSON value");
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.offset).split("\n");
    return {
      offset: error.offset,
      line: before.length,
      column: before.at(-1)!.length + 1,
      reason: error.reason,
    };
  }
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

function describeAt(text: string, offset: number): string {
  return offset >= text.length ? "the end of the input" : JSON.stringify(text[offset]);
}
