import { randomFillSync } from "node:crypto";
import { V7Generator } from "uuidv7";

/**
 * Task ids are UUIDv7: unique across machines and sortable by creation time, which `list` relies
 * on. uuidv7's generator keeps them increasing within the process (a per-millisecond counter);
 * this module only feeds and formats it, because a bulk trigger makes one id per task and keeps
 * every id alive until the call returns:
 * - random words come from one `randomFillSync` per 1,024 instead of one per 8;
 * - the text is built as one flat string. `uuidv7()`'s `toString` appends 36 pieces, a rope the
 *   collector then copies and flattens: about 10x the time of the rest of the id.
 */
const words = new Uint32Array(1024);
let nextWord = words.length;
const generator = new V7Generator({
  nextUint32() {
    if (nextWord === words.length) {
      randomFillSync(words);
      nextWord = 0;
    }
    return words[nextWord++]!;
  },
});

const HEX = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
/** Where each byte's two hex digits go in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const codes: number[] = new Array(36).fill("-".charCodeAt(0));

export function newTaskId(): string {
  const bytes = generator.generate().bytes;
  for (let i = 0; i < 16; i++) {
    const at = DIGIT_AT[i]!;
    codes[at] = HEX[bytes[i]! >>> 4]!;
    codes[at + 1] = HEX[bytes[i]! & 0xf]!;
  }
  return String.fromCharCode.apply(null, codes);
}
