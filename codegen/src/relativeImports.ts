import { ts } from "ts-morph";

/** The relative specifiers of a parsed module's import and export-from declarations. */
export function relativeImportsOf(sourceFile: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier !== undefined && ts.isStringLiteral(specifier) && specifier.text.startsWith(".")) {
      specifiers.push(specifier.text);
    }
  }
  return specifiers;
}

/** The same for a module that is not worth a full parse, using the compiler's import pre-scanner. */
export function relativeImportsOfText(text: string): string[] {
  return ts
    .preProcessFile(text, true, false)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith("."));
}
