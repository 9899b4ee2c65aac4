import ts from "typescript";

/**
 * Prints types as plain TypeScript with every name expanded away except the ones given: the
 * contract's types are `z.infer<typeof schema>`, and printing what they resolve to lets a
 * package declare them without zod. Object members keep their doc comments (zod carries the
 * schema fields' comments through inference), so a consumer's editor still shows them.
 *
 * Anything it cannot print faithfully (a class, a generic declared outside the TypeScript
 * library, a recursive anonymous type) throws: a build that stops beats declarations that lie.
 */
export class ExpandedTypePrinter {
  /** Named types, by the type they declare: printed by name wherever they occur. */
  readonly #names = new Map<ts.Type, string>();
  /** Names printed so far that are not declared yet: the caller declares them too. */
  readonly used = new Set<string>();
  readonly #printing = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  /**
   * Prints `type` as `name` wherever it occurs. Primitive types and unions with primitives in
   * them are never named: `type Id = string` must not turn every string into an `Id`.
   */
  name(type: ts.Type, name: string): void {
    const nameable = (t: ts.Type): boolean =>
      (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral)) !== 0;
    const members = type.isUnion() ? type.types : [type];
    if ((type.flags & ts.TypeFlags.Boolean) === 0 && members.every(nameable) && !this.#names.has(type))
      this.#names.set(type, name);
  }

  nameOf(type: ts.Type): string | undefined {
    return this.#names.get(type);
  }

  /** `type` written out; `self` is the name being declared (printed in full, not by name). */
  print(type: ts.Type, indent = "", self?: string): string {
    const named = this.#names.get(type);
    if (named !== undefined && named !== self) {
      this.used.add(named);
      return named;
    }
    const plain =
      ts.TypeFlags.Any |
      ts.TypeFlags.Unknown |
      ts.TypeFlags.Never |
      ts.TypeFlags.Void |
      ts.TypeFlags.Null |
      ts.TypeFlags.Undefined |
      ts.TypeFlags.String |
      ts.TypeFlags.Number |
      ts.TypeFlags.BigInt |
      ts.TypeFlags.ESSymbol |
      ts.TypeFlags.Boolean |
      ts.TypeFlags.StringLiteral |
      ts.TypeFlags.NumberLiteral |
      ts.TypeFlags.BigIntLiteral |
      ts.TypeFlags.BooleanLiteral |
      ts.TypeFlags.TemplateLiteral |
      ts.TypeFlags.NonPrimitive;
    if (type.flags & plain)
      return this.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
    if (type.isUnion()) return this.#union(type, indent);
    if (type.isIntersection()) return type.types.map((t) => this.#operand(t, indent)).join(" & ");
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      const readonly = type.getSymbol()?.getName() === "ReadonlyArray" ? "readonly " : "";
      return `${readonly}${this.#operand(element!, indent)}[]`;
    }
    if (this.checker.isTupleType(type)) return this.#tuple(type as ts.TupleTypeReference, indent);
    if (type.flags & ts.TypeFlags.Object) return this.#object(type as ts.ObjectType, indent);
    throw new Error(`cannot print the type ${this.checker.typeToString(type)}`);
  }

  /** A union, `boolean` for `true | false`, and a named type plus `undefined` (optional fields) by name. */
  #union(type: ts.UnionType, indent: string): string {
    const defined = this.checker.getNonNullableType(type);
    if (defined !== type && this.#names.has(defined)) {
      const rest = type.types.filter((t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
      return [this.print(defined, indent), ...rest.map((t) => this.print(t, indent))].join(" | ");
    }
    const parts: string[] = [];
    const literals = type.types.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    const empty = ts.TypeFlags.Null | ts.TypeFlags.Undefined;
    // `string | undefined`, as people write it (the checker keeps `undefined` first).
    const members = [
      ...type.types.filter((t) => !(t.flags & empty)),
      ...type.types.filter((t) => t.flags & empty),
    ];
    let booleanDone = false;
    for (const member of members) {
      if (literals.length === 2 && member.flags & ts.TypeFlags.BooleanLiteral) {
        if (!booleanDone) parts.push("boolean");
        booleanDone = true;
      } else parts.push(this.#operand(member, indent));
    }
    return parts.join(" | ");
  }

  /** A type inside a union, intersection or array: functions and unions need parentheses there. */
  #operand(type: ts.Type, indent: string): string {
    const text = this.print(type, indent);
    const needsParens =
      !this.#names.has(type) &&
      (type.isUnion() ||
        type.isIntersection() ||
        ((type.flags & ts.TypeFlags.Object) !== 0 &&
          type.getCallSignatures().length > 0 &&
          type.getProperties().length === 0));
    return needsParens && !(type.flags & ts.TypeFlags.Boolean) ? `(${text})` : text;
  }

  #tuple(type: ts.TupleTypeReference, indent: string): string {
    const flags = type.target.elementFlags;
    const elements = this.checker.getTypeArguments(type).map((t, i) => {
      const flag = flags[i] ?? ts.ElementFlags.Required;
      if (flag & ts.ElementFlags.Rest) return `...${this.#operand(t, indent)}[]`;
      return `${this.print(t, indent)}${flag & ts.ElementFlags.Optional ? "?" : ""}`;
    });
    return `${type.target.readonly ? "readonly " : ""}[${elements.join(", ")}]`;
  }

  #object(type: ts.ObjectType, indent: string): string {
    const symbol = type.getSymbol();
    if (symbol?.declarations?.some((d) => this.program.isSourceFileDefaultLibrary(d.getSourceFile()))) {
      // Date, Map<K, V>, Promise<T>...: the library's own name, with its arguments expanded.
      const args =
        type.objectFlags & ts.ObjectFlags.Reference
          ? this.checker.getTypeArguments(type as ts.TypeReference)
          : [];
      return args.length
        ? `${symbol.getName()}<${args.map((a) => this.print(a, indent)).join(", ")}>`
        : symbol.getName();
    }
    if (type.objectFlags & ts.ObjectFlags.Class)
      throw new Error(`cannot declare the class ${symbol?.getName()} as a type`);
    if (this.#printing.has(type))
      throw new Error(`recursive type ${this.checker.typeToString(type)}: name it`);
    this.#printing.add(type);
    try {
      const calls = type.getCallSignatures();
      const properties = this.checker.getPropertiesOfType(type);
      const indexes = this.checker.getIndexInfosOfType(type);
      if (type.getConstructSignatures().length)
        throw new Error(`cannot print the constructor type ${this.checker.typeToString(type)}`);
      if (calls.length === 1 && properties.length === 0 && indexes.length === 0)
        return this.#signature(calls[0]!, indent, " =>");
      if (calls.length + properties.length + indexes.length === 0) return "{}";
      const inner = `${indent}  `;
      const members = [
        ...calls.map((c) => `${inner}${this.#signature(c, inner, ":")};`),
        ...indexes.map(
          (info) =>
            `${inner}${info.isReadonly ? "readonly " : ""}[key: ${this.print(info.keyType, inner)}]: ${this.print(info.type, inner)};`,
        ),
        ...properties.map((p) => this.#property(p, inner)),
      ];
      return `{\n${members.join("\n")}\n${indent}}`;
    } finally {
      this.#printing.delete(type);
    }
  }

  #property(property: ts.Symbol, indent: string): string {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const readonly =
      declaration !== undefined &&
      (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) &&
      (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly) !== 0;
    const optional = (property.getFlags() & ts.SymbolFlags.Optional) !== 0;
    const name = property.getName();
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    const type = this.print(this.checker.getTypeOfSymbol(property), indent);
    return `${docComment(property, this.checker, indent)}${indent}${readonly ? "readonly " : ""}${key}${optional ? "?" : ""}: ${type};`;
  }

  /** `(a: A, b?: B) => R` (arrow `" =>"`) or a call member `(a: A): R` (`":"`). */
  #signature(signature: ts.Signature, indent: string, arrow: " =>" | ":"): string {
    if (signature.getTypeParameters()?.length) throw new Error("cannot print a generic signature");
    const params = signature.getParameters().map((p) => {
      const declaration = p.valueDeclaration;
      const parameter = declaration && ts.isParameter(declaration) ? declaration : undefined;
      const rest = parameter?.dotDotDotToken ? "..." : "";
      const optional = parameter?.questionToken || parameter?.initializer ? "?" : "";
      return `${rest}${p.getName()}${optional}: ${this.print(this.checker.getTypeOfSymbol(p), indent)}`;
    });
    const predicate = this.checker.getTypePredicateOfSignature(signature);
    const returns =
      predicate?.type && predicate.kind === ts.TypePredicateKind.Identifier
        ? `${predicate.parameterName} is ${this.print(predicate.type, indent)}`
        : this.print(signature.getReturnType(), indent);
    return `(${params.join(", ")})${arrow} ${returns}`;
  }
}

/** A symbol's doc comment (text and tags) as a `/** … *\/` block at `indent`, or "". */
export function docComment(symbol: ts.Symbol, checker: ts.TypeChecker, indent: string): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol
    .getJsDocTags(checker)
    .map((tag) => `@${tag.name}${tag.text ? ` ${ts.displayPartsToString(tag.text)}` : ""}`);
  const lines = [...(text ? text.split("\n") : []), ...tags].flatMap((l) => l.split("\n"));
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}
