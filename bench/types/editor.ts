/**
 * Editor latency of errand apps as the registry grows, beside the plain tRPC reference, through
 * the editor's own path: tsserver over stdio, as VS Code drives it.
 *
 * Run: `npx tsx bench/types/editor.ts [sizes] [calls]` (default `500,2000 20`).
 *
 * For each app a fresh tsserver opens the client file with one call being typed added at its end
 * (an empty input, as a user has it mid-typing: one "missing fields" error), loads the project
 * (`projectInfo`, timed as "load"), then times, in this order: completing a task's name (errand:
 * inside `client.tasks.trigger.mutate({ name: "`; tRPC: after `client.`), completing the empty
 * input's fields (inside `input: { ` / `mutate({ `), and `semanticDiagnosticsSync` of the client
 * file. The first request after loading pays for checking what it needs; later ones reuse caches.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeErrandApp, writeReferenceApp } from "./generateApps.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsserver = path.join(repo, "node_modules/typescript/lib/tsserver.js");

/** A tsserver session: one request at a time, answers matched by `request_seq`. */
class Server {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private seq = 0;
  private readonly waiting = new Map<number, (body: any) => void>();

  constructor() {
    this.child = spawn(process.execPath, [tsserver, "--disableAutomaticTypingAcquisition"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => this.read(chunk));
  }

  private read(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === "response") this.waiting.get(message.request_seq)?.(message);
    }
  }

  notify(command: string, args: object) {
    this.child.stdin!.write(
      `${JSON.stringify({ seq: ++this.seq, type: "request", command, arguments: args })}\n`,
    );
  }

  /** Sends a request; resolves with its answer and the milliseconds it took. */
  async request(command: string, args: object): Promise<{ ms: number; body: any }> {
    const seq = ++this.seq;
    const started = performance.now();
    const answer = new Promise<any>((resolve) => this.waiting.set(seq, resolve));
    this.child.stdin!.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
    const message = await answer;
    this.waiting.delete(seq);
    if (!message.success) throw new Error(`tsserver ${command}: ${message.message}`);
    return { ms: performance.now() - started, body: message.body };
  }

  close() {
    this.child.kill();
  }
}

/** 1-based line and offset just after the first occurrence of `marker` in `text` from `from` on. */
function positionAfter(text: string, marker: string, from = 0): { line: number; offset: number } {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`marker not found: ${marker}`);
  const before = text.slice(0, at + marker.length).split("\n");
  return { line: before.length, offset: before.at(-1)!.length + 1 };
}

interface Timing {
  load: number;
  names: number;
  fields: number;
  diagnostics: number;
  /** Entries each completion returned and errors the diagnostics found: a check that it worked. */
  found: string;
}

interface Markers {
  names: string;
  /** The call being typed, appended to the client; `fields` is completed inside its empty input. */
  typing: string;
  fields: string;
}

async function measure(project: string, markers: Markers): Promise<Timing> {
  const file = path.join(path.dirname(project), "src/client.ts");
  const text = `${readFileSync(file, "utf8")}\nexport const typing = ${markers.typing};\n`;
  const server = new Server();
  try {
    server.notify("open", { file, fileContent: text, projectRootPath: path.dirname(project) });
    const load = await server.request("projectInfo", { file, needFileNameList: false });
    const complete = (marker: string) =>
      server.request("completionInfo", { file, ...positionAfter(text, marker) });
    const names = await complete(markers.names);
    const fields = await server.request("completionInfo", {
      file,
      ...positionAfter(text, markers.fields, text.lastIndexOf(markers.typing)),
    });
    const diagnostics = await server.request("semanticDiagnosticsSync", { file });
    return {
      load: load.ms,
      names: names.ms,
      fields: fields.ms,
      diagnostics: diagnostics.ms,
      found: `${names.body?.entries?.length ?? 0} / ${fields.body?.entries?.length ?? 0} / ${diagnostics.body.length}`,
    };
  } finally {
    server.close();
  }
}

const sizes = (process.argv[2] ?? "500,2000").split(",").map(Number);
const calls = Number(process.argv[3] ?? 20);
const root = mkdtempSync(path.join(tmpdir(), "errand-editor-bench-"));
const rows: string[][] = [];
try {
  for (const size of sizes) {
    const errand = await measure(writeErrandApp(path.join(root, `errand-${size}`), size, calls), {
      names: 'client.tasks.trigger.mutate({ name: "',
      typing: `client.tasks.trigger.mutate({ name: "t${Math.floor(size / 2)}", input: {  } })`,
      fields: "input: { ",
    });
    const reference = await measure(writeReferenceApp(path.join(root, `trpc-${size}`), size, calls), {
      names: "await client.",
      typing: `client.t${Math.floor(size / 2)}.mutate({  })`,
      fields: ".mutate({ ",
    });
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    for (const [kind, t] of [
      ["errand", errand],
      ["tRPC", reference],
    ] as const) {
      rows.push([
        size.toLocaleString("en-US"),
        kind,
        s(t.load),
        s(t.names),
        s(t.fields),
        s(t.diagnostics),
        t.found,
      ]);
    }
    console.error(`measured ${size} tasks`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const header = ["tasks", "app", "load", "complete name", "complete input", "diagnostics", "entries / errors"];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(
  `\n${calls} client calls per app; one tsserver per app; requests in column order (the first after load checks what it needs).`,
);
