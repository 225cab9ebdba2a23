import { describe, expect, test } from "vitest";
import { CliError } from "../cliError.js";
import { locateJsonError } from "./locateJsonError.js";
import { parseJsonInput } from "./parseJsonInput.js";

describe("locateJsonError", () => {
  test.each([
    ['{"a":}', 1, 6, 'expected a value, found "}"'],
    ['{"a":1,}', 1, 8, 'expected a property name in double quotes, found "}"'],
    ["{'a':1}", 1, 2, 'expected a property name in double quotes, found "\'"'],
    ['{"a":1', 1, 7, "expected ',' or '}' after a property, found the end of the input"],
    ["[1 2]", 1, 4, "expected ',' or ']' after an array item, found \"2\""],
    ['{"a":\n  tru}', 2, 3, 'expected a value, found "t"'],
    ['"abc', 1, 5, "unterminated string, found the end of the input"],
    ['{"a":"\\x"}', 1, 8, 'invalid escape in a string, found "x"'],
    ["{} {}", 1, 4, 'unexpected text after the JSON value, found "{"'],
    ["", 1, 1, "expected a value, found the end of the input"],
    ["01", 1, 2, 'unexpected text after the JSON value, found "1"'],
  ])("%j: line %i, column %i", (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toMatchObject({ line, column, reason });
  });

  test.each([['{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}'], ["  42 "], ['"x"']])(
    "agrees with JSON.parse that %j is valid",
    (text) => {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    },
  );
});

describe("parseJsonInput", () => {
  test("puts a caret under the error in a window of a long input", () => {
    const long = `{"items":[${"1,".repeat(60)}],"ok":true}`;
    const error = (() => {
      try {
        parseJsonInput(long, "--input");
      } catch (thrown) {
        return thrown as CliError;
      }
    })();
    expect(error).toBeInstanceOf(CliError);
    expect(error!.exitCode).toBe(2);
    const [, shown, caret] = error!.message.split("\n");
    expect(caret!.indexOf("^")).toBe(shown!.indexOf("]"));
    expect(shown!.startsWith("  …")).toBe(true);
  });
});
