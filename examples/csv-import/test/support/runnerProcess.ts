import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

const exampleDir = fileURLToPath(new URL("../..", import.meta.url));
const started: ChildProcess[] = [];

// A runner left alive would keep importing into the next test's tables.
afterEach(async () => {
  await Promise.all(started.splice(0).map((child) => stopProcess(child, "SIGKILL")));
});

/** Starts `src/runner.ts` in its own process and resolves once it is claiming tasks. */
export function startRunnerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/runner.ts"], {
    cwd: exampleDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString();
      if (output.includes("ready")) resolve(child);
    });
    child.once("exit", (code) =>
      reject(new Error(`runner exited with ${code} before it was ready: ${output}`)),
    );
  });
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}
