import { readFile } from "node:fs/promises";
import { createErrand, defineTask, type Errand, memoryStore } from "@errand/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { createTasksServer, type TasksServer } from "../src/index.js";

// Runs every curl command of docs/http.md, as written there, with Node's fetch against a real
// server: the page cannot drift from what the server accepts and answers.

const DOC = new URL("../../../docs/http.md", import.meta.url);
const DOC_URL = "http://127.0.0.1:3030";
/** The id the examples show; each request gets the id of the task triggered last instead. */
const DOC_ID = "01a1fdae-56bd-724d-9478-cbd1aabde7d0";

const greet = defineTask({
  name: "greet",
  input: z.object({ name: z.string().min(1) }),
  async run({ input, controller }) {
    return controller.success({ message: `Hello, ${input.name}!` });
  },
});
const remind = defineTask({
  name: "remind",
  input: z.object({ at: z.date(), note: z.string() }),
  async run({ input, controller }) {
    return controller.success({ at: input.at });
  },
});

interface Request {
  method: "GET" | "POST";
  path: string;
  query: string | null;
  headers: Record<string, string>;
  body: string | null;
  status: number;
}

/** The ```sh blocks that start with `curl`, read as curl would: -X, -H, -d, -G, --data-urlencode. */
function curlRequests(markdown: string): Request[] {
  const blocks = [...markdown.matchAll(/```sh\n(curl [\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.map((block) => {
    const status = Number(/^# → (\d{3})$/m.exec(block)?.[1]);
    const command = block.replace(/^#.*$/gm, "").replace(/\\\n/g, " ");
    const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]!);
    const request: Request = { method: "POST", path: "", query: null, headers: {}, body: null, status };
    let get = false;
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      if (word === "-s") continue;
      else if (word === "-G") get = true;
      else if (word === "-X") request.method = words[++i] as "GET" | "POST";
      else if (word === "-H") {
        const [name, ...value] = words[++i]!.split(":");
        request.headers[name!.trim()] = value.join(":").trim();
      } else if (word === "-d") request.body = words[++i]!;
      else if (word === "--data-urlencode") {
        const [name, ...value] = words[++i]!.split("=");
        request.query = `${name}=${encodeURIComponent(value.join("="))}`;
      } else if (word.startsWith(DOC_URL)) request.path = word.slice(DOC_URL.length);
      else throw new Error(`docs/http.md: a curl flag this test does not know: ${word}`);
    }
    if (get) request.method = "GET";
    return request;
  });
}

const tasks = { greet, remind };
let errand: Errand<typeof tasks>;
let server: TasksServer<typeof tasks>;

/** tRPC's JSON answers, read field by field and checked with toMatchObject. */
type Json = any;

beforeAll(async () => {
  errand = createErrand({ tasks, store: memoryStore() });
  errand.logger.level = "silent";
  server = await createTasksServer({ errand, port: 0 });
  errand.runner({ concurrency: 2 }).start();
});

afterAll(async () => {
  await server?.close();
  await errand?.close();
});

test("every curl example of docs/http.md gets the status the page shows", async () => {
  const requests = curlRequests(await readFile(DOC, "utf8"));
  expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
    "POST /tasks.trigger 200",
    "POST /tasks.trigger 400",
    "GET /tasks.get 200",
    "GET /tasks.get 404",
    "POST /tasks.trigger 200",
    "POST /tasks.update 200",
    "POST /tasks.retry 409",
  ]);
  let lastId = DOC_ID;
  const answers: { request: Request; status: number; body: Json }[] = [];
  for (const request of requests) {
    const withId = (text: string | null) =>
      text?.replaceAll(DOC_ID, lastId).replaceAll(encodeURIComponent(DOC_ID), lastId) ?? null;
    const query = withId(request.query);
    const response = await fetch(`${server.url}${request.path}${query ? `?${query}` : ""}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: withId(request.body)! } : {}),
    });
    const body: Json = await response.json();
    answers.push({ request, status: response.status, body });
    expect({ path: request.path, status: response.status, body }).toMatchObject({
      path: request.path,
      status: request.status,
    });
    if (request.path === "/tasks.trigger" && response.status === 200) lastId = body.result.data.json.id;
  }

  const [greeted, refused, got, unknown, reminded, updated, conflict] = answers.map((answer) => answer.body);
  expect(greeted.result.data.json).toMatchObject({ name: "greet", input: { name: "Ada" } });
  expect(greeted.result.data.meta.values).toMatchObject({ runAt: ["Date"], createdAt: ["Date"] });
  expect(refused.error.json.data).toMatchObject({ httpStatus: 400, errandCode: "VALIDATION" });
  expect(refused.error.json.data.issues[0]).toMatchObject({ code: "too_small", path: ["name"] });
  expect(got.result.data.json).toMatchObject({ id: greeted.result.data.json.id, name: "greet" });
  expect(unknown.error.json.data).toMatchObject({ httpStatus: 404, errandCode: "NOT_FOUND" });
  expect(reminded.result.data.json).toMatchObject({
    status: "pending",
    priority: 5,
    input: { at: "2026-12-01T09:00:00.000Z", note: "call Ada" },
  });
  expect(reminded.result.data.meta.values["input.at"]).toEqual(["Date"]);
  expect(updated.result.data.json).toMatchObject({ priority: 7, runAt: "2030-01-02T03:04:05.000Z" });
  expect(conflict.error.json.data).toMatchObject({ httpStatus: 409 });

  // "Once a runner has run it": the same get, repeated, shows the output.
  const get = requests[2]!;
  const again = async () => {
    const query = get.query!.replace(encodeURIComponent(DOC_ID), greeted.result.data.json.id);
    const answer: Json = await (await fetch(`${server.url}${get.path}?${query}`)).json();
    return answer.result.data.json;
  };
  await expect.poll(async () => (await again()).status, { timeout: 20_000 }).toBe("success");
  expect((await again()).output).toEqual({ message: "Hello, Ada!" });
});
