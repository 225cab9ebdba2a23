import { ts } from "ts-morph";
import { readExports } from "./exportNames.js";
import { type Problem, problemCodes } from "./problems.js";
import { scheduleCronProblems } from "./scheduleCrons.js";
import { readTaskName } from "./taskName.js";
import type { DiscoveredTask } from "./types.js";

/** What one module contributes: its exported task definitions and the problems found in it. */
export type FileFacts = { tasks: DiscoveredTask[]; problems: Problem[] };

export const coreModule = "@errand/core";

/**
 * Finds the `defineTask` calls of one parsed module. Purely syntactic: `defineTask` counts only when
 * it is imported from @errand/core (under any local name, or through a namespace import).
 *
 * Works on the compiler's nodes: wrapping every node of every file in ts-morph objects to find a
 * few calls tripled the cost of a cold run.
 */
export function discoverTasks(sourceFile: ts.SourceFile): FileFacts {
  const file = sourceFile.fileName;
  const at = (node: ts.Node) => positionOf(sourceFile, node.getStart(sourceFile));
  const syntaxError = firstSyntaxError(sourceFile);
  if (syntaxError !== undefined) return { tasks: [], problems: [syntaxError] };

  const callees = importedDefineTask(sourceFile);
  if (callees.names.size === 0 && callees.namespaces.size === 0) return { tasks: [], problems: [] };

  const exports = readExports(sourceFile);
  const tasks: DiscoveredTask[] = [];
  const problems: Problem[] = [];
  for (const call of findCalls(sourceFile, callees)) {
    const name = readTaskName(call, sourceFile);
    if (!name.ok) {
      problems.push({ ...name.problem, file, ...at(name.problem.node) });
      continue;
    }
    for (const problem of scheduleCronProblems(call, sourceFile)) {
      problems.push({ ...problem, file, ...at(problem.node) });
    }
    const exportName = exports.nameOf(outermost(call));
    if (exportName === undefined) {
      problems.push({
        code: problemCodes.notExported,
        severity: "error",
        file,
        ...at(call),
        message: `task "${name.name}" is defined but not exported, so the registry cannot import it`,
        fix: `export it: \`export const ${name.name.replace(/[^\w$]/g, "_")} = defineTask(...)\` or \`export default defineTask(...)\``,
      });
      continue;
    }
    const { description } = name;
    tasks.push({
      name: name.name,
      file,
      ...at(call),
      exportName,
      ...(description === undefined ? {} : { description }),
    });
  }
  return { tasks, problems };
}

type Callees = { names: Set<string>; namespaces: Set<string> };

function importedDefineTask(sourceFile: ts.SourceFile): Callees {
  const callees: Callees = { names: new Set(), namespaces: new Set() };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (statement.moduleSpecifier.text !== coreModule || clause === undefined || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) callees.namespaces.add(bindings.name.text);
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    for (const specifier of bindings.elements) {
      const imported = specifier.propertyName ?? specifier.name;
      if (!specifier.isTypeOnly && ts.isIdentifier(imported) && imported.text === "defineTask") {
        callees.names.add(specifier.name.text);
      }
    }
  }
  return callees;
}

function findCalls(sourceFile: ts.SourceFile, callees: Callees): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isDefineTask(node.expression, callees)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

function isDefineTask(callee: ts.Expression, callees: Callees): boolean {
  if (ts.isIdentifier(callee)) return callees.names.has(callee.text);
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === "defineTask" &&
    ts.isIdentifier(callee.expression) &&
    callees.namespaces.has(callee.expression.text)
  );
}

/** `(defineTask(...) as X)` is still the exported value: climb through wrappers that keep it. */
function outermost(call: ts.CallExpression): ts.Expression {
  let node: ts.Expression = call;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent) ||
    ts.isNonNullExpression(node.parent)
  ) {
    node = node.parent;
  }
  return node;
}

/**
 * The parser's own diagnostics. ts-morph only exposes syntactic diagnostics through a Program, and
 * building one is what this package avoids, so read the list the parser attached to the file.
 */
function firstSyntaxError(sourceFile: ts.SourceFile): Problem | undefined {
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  const first = diagnostics?.[0];
  if (first === undefined) return undefined;
  const more = diagnostics!.length > 1 ? ` (and ${diagnostics!.length - 1} more)` : "";
  return {
    code: problemCodes.parseError,
    severity: "error",
    file: sourceFile.fileName,
    ...positionOf(sourceFile, first.start ?? 0),
    message: `${ts.flattenDiagnosticMessageText(first.messageText, " ")}${more}`,
    fix: "fix the syntax error; tasks in a file that does not parse cannot be read",
  };
}

function positionOf(sourceFile: ts.SourceFile, pos: number): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}
