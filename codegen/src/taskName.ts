import { isValidTaskName, TASK_NAME_PATTERN } from "@errand/core";
import { ts } from "ts-morph";
import { type Problem, problemCodes } from "./problems.js";

type Unplaced = Omit<Problem, "file" | "line" | "column"> & { node: ts.Node };
export type TaskNameResult =
  | { ok: true; name: string; description?: string }
  | { ok: false; problem: Unplaced };

/** Reads `name` (required, a string literal obeying the rule) and `description` (if literal). */
export function readTaskName(call: ts.CallExpression, sourceFile: ts.SourceFile): TaskNameResult {
  const definition = unwrap(call.arguments[0]);
  if (definition === undefined || !ts.isObjectLiteralExpression(definition)) {
    return notLiteral(
      definition ?? call,
      "defineTask's argument is not an object literal, so its name cannot be read",
    );
  }
  const nameProperty = findProperty(definition, "name", sourceFile);
  if (nameProperty === undefined)
    return notLiteral(definition, "defineTask's definition has no `name` property");
  const initializer = ts.isPropertyAssignment(nameProperty) ? nameProperty.initializer : undefined;
  const value = literalText(initializer);
  if (initializer === undefined || value === undefined) {
    return notLiteral(
      nameProperty,
      "the task name is not a string literal, so it cannot be read without running the code",
    );
  }
  // Core's own rule: checking it here turns a crash at startup into a build error.
  if (!isValidTaskName(value)) {
    return {
      ok: false,
      problem: {
        code: problemCodes.invalidName,
        severity: "error",
        node: initializer,
        message: `task name "${value}" breaks the naming rule ${TASK_NAME_PATTERN} (at most 200 characters)`,
        fix: "start with a letter; use only letters, digits, `_`, `.` and `-`; keep it to 200 characters",
      },
    };
  }
  const descriptionProperty = findProperty(definition, "description", sourceFile);
  const description =
    descriptionProperty !== undefined && ts.isPropertyAssignment(descriptionProperty)
      ? literalText(descriptionProperty.initializer)
      : undefined;
  return description === undefined ? { ok: true, name: value } : { ok: true, name: value, description };
}

function notLiteral(node: ts.Node, message: string): TaskNameResult {
  return {
    ok: false,
    problem: {
      code: problemCodes.nameNotLiteral,
      severity: "error",
      node,
      message,
      fix: 'write the name inline as a string literal: `defineTask({ name: "sendEmail", ... })`',
    },
  };
}

function findProperty(
  object: ts.ObjectLiteralExpression,
  name: string,
  sourceFile: ts.SourceFile,
): ts.ObjectLiteralElementLike | undefined {
  // With duplicate keys the last one wins at runtime, so the last match is the one to read.
  return object.properties.findLast(
    (property) =>
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      propertyName(property.name, sourceFile) === name,
  );
}

function propertyName(name: ts.PropertyName, sourceFile: ts.SourceFile): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return ts.isComputedPropertyName(name) ? literalText(name.expression) : name.getText(sourceFile);
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

function unwrap(node: ts.Expression | undefined): ts.Expression | undefined {
  let current = node;
  while (
    current !== undefined &&
    (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))
  ) {
    current = current.expression;
  }
  return current;
}
