import { ts } from "ts-morph";

export type ModuleExports = {
  /** The name a module exports a top-level value under, or undefined when it is not exported. */
  nameOf(value: ts.Expression): string | undefined;
};

/**
 * Reads a module's local export list (`export { a, b as c }`, `export default a`) so a value bound
 * to a top-level `const` is found however it is exported. Re-exports from other modules do not
 * matter here: the registry always imports a task from the module that defines it.
 */
export function readExports(sourceFile: ts.SourceFile): ModuleExports {
  const byLocalName = new Map<string, string[]>();
  const add = (local: string, exported: string) =>
    byLocalName.set(local, [...(byLocalName.get(local) ?? []), exported]);
  for (const statement of sourceFile.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      !statement.isTypeOnly
    ) {
      const clause = statement.exportClause;
      for (const specifier of clause !== undefined && ts.isNamedExports(clause) ? clause.elements : []) {
        if (!specifier.isTypeOnly) add((specifier.propertyName ?? specifier.name).text, specifier.name.text);
      }
    } else if (
      ts.isExportAssignment(statement) &&
      !statement.isExportEquals &&
      ts.isIdentifier(statement.expression)
    ) {
      add(statement.expression.text, "default");
    }
  }

  return {
    nameOf(value) {
      const parent = value.parent;
      if (ts.isExportAssignment(parent)) return parent.isExportEquals ? undefined : "default";
      if (
        !ts.isVariableDeclaration(parent) ||
        parent.initializer !== value ||
        !ts.isIdentifier(parent.name)
      ) {
        return undefined;
      }
      const statement = parent.parent.parent;
      // Only a module-level binding can be exported; a `const` inside a function merely shares the name.
      if (!ts.isVariableStatement(statement) || statement.parent !== sourceFile) return undefined;
      const exported = statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      if (exported) return parent.name.text;
      // A named export reads better in the registry than `default`, so prefer one when both exist.
      const names = byLocalName.get(parent.name.text) ?? [];
      return names.find((name) => name !== "default") ?? names[0];
    },
  };
}
