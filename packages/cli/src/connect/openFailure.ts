import { CliError } from "../cliError.js";

/*
 * pnpm 10 runs no dependency's install script unless allowed, so better-sqlite3 can be installed
 * without its compiled addon; `bindings` then throws this when the first database opens. A
 * NODE_MODULE_VERSION mismatch (built for another Node) is fixed by the same rebuild.
 */
const MISSING_BUILD = /Could not locate the bindings file|NODE_MODULE_VERSION|ERR_DLOPEN_FAILED/;

/** Why a store did not open, as one CliError; the driver's own words are kept. */
export function openFailure(error: unknown, store: string): CliError {
  const causes = causeChain(error);
  const native = causes.find((cause) => MISSING_BUILD.test(`${cause.message} ${codeOf(cause)}`));
  if (native) {
    const what = /Could not locate the bindings file/.test(native.message)
      ? "is installed without its native build (Could not locate the bindings file)"
      : "has a native build for another Node.js version";
    return new CliError(
      `better-sqlite3 ${what}, so SQLite stores cannot open.\n` +
        "  pnpm 10 skips dependencies' install scripts unless they are allowed: run `pnpm approve-builds`,\n" +
        '  or list it in `onlyBuiltDependencies` (pnpm-workspace.yaml, or "pnpm" in package.json),\n' +
        "  then `pnpm rebuild better-sqlite3`. With npm or yarn: `npm rebuild better-sqlite3`.",
      1,
      { cause: error, environmental: true },
    );
  }
  // The innermost message is the driver's (ECONNREFUSED, SQLITE_CANTOPEN); outer ones wrap it.
  const root = causes.at(-1);
  const code = root ? codeOf(root) : "";
  const message = root?.message || code || String(error);
  return new CliError(
    `cannot open ${store}: ${message}${code && !message.includes(code) ? ` (${code})` : ""}`,
    1,
    { cause: error, environmental: true },
  );
}

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current)) {
    chain.push(current);
    // pg reports a refused connection as an AggregateError (one error per address tried).
    current =
      current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
  }
  return chain;
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}
