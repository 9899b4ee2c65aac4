import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { ExpandedTypePrinter, docComment } from "./expanded-types.js";

export interface DeclarationOptions {
  /** The repository root. */
  root: string;
  /** The package's folder (client-sdk/). */
  packageDir: string;
  /** The entry points' sources, absolute. */
  entries: string[];
  /** The tsconfig the package's sources are checked with (DOM, no Node types). */
  tsconfig: string;
  /** The packages a declaration may import: the package's dependencies and peers. */
  externals: string[];
}

/** The file in dist/ that declares the contract's types the package uses. */
export const CONTRACT_DECLARATIONS = "protocol.d.ts";

const PROTOCOL_SPECIFIER = /^(\.\.\/)+protocol\//;

interface Reference {
  specifier: ts.StringLiteralLike;
  /** Names taken from it (import/export lists, `import("…").Name`). */
  names: string[];
}

/**
 * The package's `.d.ts` files, by their path in dist/, self-contained: tsc's declarations of
 * the package's sources that the entries reach, and `protocol.d.ts`, which declares the
 * contract's types they use written out in full. tsc alone would leave `import … from
 * "../protocol/index.js"`, a file outside the package whose types are `z.infer<…>`: a consumer
 * would need zod, and a tree that is not there.
 */
export function buildDeclarations(options: DeclarationOptions): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(
    options.tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${options.tsconfig}`);
  const outDir = join(options.root, ".declarations");
  const program = ts.createProgram(options.entries, {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    rootDir: options.root,
    outDir,
    jsx: config.options.jsx ?? ts.JsxEmit.ReactJSX,
  });
  const emitted = new Map<string, string>();
  const result = program.emit(undefined, (file, text) => emitted.set(resolve(file), text));
  // Type errors are `npm run typecheck`'s to report (as for `npm run build`); this stops only
  // on what makes declarations wrong or missing.
  const errors = [...program.getOptionsDiagnostics(), ...result.diagnostics].filter(
    (d) => d.category === ts.DiagnosticCategory.Error,
  );
  if (errors.length) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => options.root,
      getNewLine: () => "\n",
    };
    throw new Error(`declarations:\n${ts.formatDiagnostics(errors, host)}`);
  }

  const sourceOf = (declaration: string) =>
    join(options.root, relative(outDir, declaration)).replace(/\.d\.ts$/, ".ts");
  const declarationOf = (source: string) =>
    join(outDir, relative(options.root, source)).replace(/\.tsx?$/, ".d.ts");

  // The entries' declarations and what they import inside the package, transitively.
  const files = new Map<string, { text: string; references: Reference[]; source: ts.SourceFile }>();
  const pending = options.entries.map(declarationOf);
  while (pending.length) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    const text = emitted.get(file);
    if (text === undefined) throw new Error(`tsc wrote no declarations for ${sourceOf(file)}`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const references = referencesIn(source);
    files.set(file, { text, references, source });
    for (const { specifier } of references) {
      const target = specifier.text;
      if (target.startsWith(".")) {
        const resolved = resolve(dirname(file), target).replace(/\.js$/, ".d.ts");
        if (PROTOCOL_SPECIFIER.test(target)) continue;
        if (!resolved.startsWith(join(outDir, relative(options.root, options.packageDir)) + sep))
          throw new Error(`${relative(outDir, file)} imports ${target}, outside the package`);
        pending.push(resolved);
      } else if (!options.externals.some((e) => target === e || target.startsWith(`${e}/`))) {
        throw new Error(
          `${relative(outDir, file)} imports "${target}", which is not a dependency of the package`,
        );
      }
    }
  }

  // The contract's names the package's declarations use, as the checker sees them.
  const checker = program.getTypeChecker();
  const wanted = new Map<string, ts.Symbol>();
  for (const [file, { references }] of files)
    for (const { specifier, names } of references) {
      if (!PROTOCOL_SPECIFIER.test(specifier.text)) continue;
      const module = resolve(dirname(sourceOf(file)), specifier.text).replace(/\.js$/, ".ts");
      const moduleSymbol =
        program.getSourceFile(module) && checker.getSymbolAtLocation(program.getSourceFile(module)!);
      if (!moduleSymbol) throw new Error(`cannot read ${module}`);
      const exports = checker.getExportsOfModule(moduleSymbol);
      for (const name of names) {
        let symbol = exports.find((s) => s.getName() === name);
        if (!symbol) throw new Error(`${module} exports no ${name}`);
        if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const known = wanted.get(name);
        if (known && known !== symbol) throw new Error(`two different contract types are named ${name}`);
        wanted.set(name, symbol);
      }
    }

  const out = new Map<string, string>();
  const packageOut = join(outDir, relative(options.root, options.packageDir));
  for (const [file, { text, references }] of files) {
    const path = relative(packageOut, file);
    let contractPath = relative(dirname(join(packageOut, path)), join(packageOut, CONTRACT_DECLARATIONS));
    contractPath = contractPath.startsWith(".") ? contractPath : `./${contractPath}`;
    out.set(path, rewriteSpecifiers(text, references, contractPath.replace(/\.d\.ts$/, ".js")));
  }
  out.set(CONTRACT_DECLARATIONS, declareContract(wanted, checker, program, options.root));
  return out;
}

/** Every module a declaration file names: imports, re-exports and `import("…")` types. */
function referencesIn(source: ts.SourceFile): Reference[] {
  const references: Reference[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteralLike(node.moduleSpecifier)
    ) {
      const names: string[] = [];
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.name)
          throw new Error(`${source.fileName}: default import from ${node.moduleSpecifier.text}`);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings))
          for (const e of bindings.elements) names.push((e.propertyName ?? e.name).text);
        else if (bindings && PROTOCOL_SPECIFIER.test(node.moduleSpecifier.text))
          throw new Error(`${source.fileName}: namespace import of ${node.moduleSpecifier.text}`);
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const e of node.exportClause.elements) names.push((e.propertyName ?? e.name).text);
      } else if (PROTOCOL_SPECIFIER.test(node.moduleSpecifier.text)) {
        throw new Error(`${source.fileName}: export * from ${node.moduleSpecifier.text}`);
      }
      references.push({ specifier: node.moduleSpecifier, names });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteralLike(node.argument.literal)
    ) {
      const qualifier = node.qualifier;
      const first = qualifier && (ts.isIdentifier(qualifier) ? qualifier : leftmost(qualifier));
      references.push({ specifier: node.argument.literal, names: first ? [first.text] : [] });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

function leftmost(name: ts.QualifiedName): ts.Identifier {
  return ts.isIdentifier(name.left) ? name.left : leftmost(name.left);
}

/** `text` with every specifier into protocol/ replaced by `contract`. */
function rewriteSpecifiers(text: string, references: Reference[], contract: string): string {
  const edits = references
    .filter((r) => PROTOCOL_SPECIFIER.test(r.specifier.text))
    .map((r) => r.specifier)
    .sort((a, b) => b.getStart() - a.getStart());
  let out = text;
  for (const literal of edits)
    out = `${out.slice(0, literal.getStart())}"${contract}"${out.slice(literal.getEnd())}`;
  return out;
}

/**
 * `protocol.d.ts`: each contract type the package uses, written out, and each contract type
 * those mention by name (named types stay named; everything else is expanded).
 */
function declareContract(
  wanted: Map<string, ts.Symbol>,
  checker: ts.TypeChecker,
  program: ts.Program,
  root: string,
): string {
  const printer = new ExpandedTypePrinter(checker, program);
  // Every type the contract names, so that one mentioned inside another prints by its name.
  const contract = new Map(wanted);
  const index = program.getSourceFile(join(root, "protocol/index.ts"));
  const indexSymbol = index && checker.getSymbolAtLocation(index);
  for (const symbol of indexSymbol ? checker.getExportsOfModule(indexSymbol) : []) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (
      target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface) &&
      !contract.has(symbol.getName())
    )
      contract.set(symbol.getName(), target);
  }
  // The wanted ones first, so they keep their own names where two names mean one type.
  for (const [name, symbol] of contract)
    if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface))
      printer.name(checker.getDeclaredTypeOfSymbol(symbol), name);

  const declared: string[] = [];
  const done = new Set<string>();
  const queue = [...wanted.keys()];
  while (queue.length) {
    const name = queue.shift()!;
    if (done.has(name)) continue;
    done.add(name);
    const symbol = contract.get(name);
    if (!symbol) throw new Error(`no contract type named ${name}`);
    declared.push(declareOne(name, symbol, checker, printer));
    for (const used of printer.used) if (!done.has(used)) queue.push(used);
  }
  const text = [
    "// Herald's contract types (protocol/ in Herald's repository) as this package uses them,",
    "// written out in full by bin/build-client-package.ts from the schemas they are inferred from.",
    "",
    declared.join("\n\n"),
    "",
  ].join("\n");
  if (/\bzod\b|^\s*import\b|\bimport\(/m.test(text))
    throw new Error(`${CONTRACT_DECLARATIONS} would mention zod or import a module`);
  return text;
}

function declareOne(
  name: string,
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
  printer: ExpandedTypePrinter,
): string {
  const doc = docComment(symbol, checker, "") || schemaDoc(symbol, checker);
  if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const declaration = symbol.declarations?.[0];
    const generic =
      declaration &&
      (ts.isTypeAliasDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) &&
      declaration.typeParameters?.length;
    if (generic) throw new Error(`cannot declare the generic contract type ${name}`);
    return `${doc}export type ${name} = ${printer.print(type, "", name)};`;
  }
  // A constant (`typeof LIVE_NAMESPACE`) or a function: declared as a constant of its type.
  if (symbol.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Function)) {
    return `${doc}export declare const ${name}: ${printer.print(checker.getTypeOfSymbol(symbol))};`;
  }
  throw new Error(`cannot declare the contract's ${name}`);
}

/**
 * A `z.infer<typeof xSchema>` alias usually has no comment of its own: the schema carries it.
 * The comment of the one `typeof` in the alias, if any.
 */
function schemaDoc(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const declaration = symbol.declarations?.[0];
  if (!declaration || !ts.isTypeAliasDeclaration(declaration)) return "";
  const queries: ts.TypeQueryNode[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeQueryNode(node)) queries.push(node);
    ts.forEachChild(node, visit);
  };
  visit(declaration.type);
  if (queries.length !== 1) return "";
  const target = checker.getSymbolAtLocation(queries[0]!.exprName);
  return target ? docComment(target, checker, "") : "";
}
