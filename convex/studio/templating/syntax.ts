/**
 * The template language's scanner and parser. A body becomes a tree of text,
 * placeholders and #if blocks; conditions become expression trees. Nothing
 * here evaluates code: identifiers are only names to look up later.
 */
import { capProblems, lineColumn, MAX_PROBLEMS, lineStarts, type TemplateProblem } from "./problems";
import { KEYWORDS, trustedDefinitions, validateVariableDefinitions, type VariableDefinition } from "./variables";

export const MAX_TEMPLATE_CHARS = 20_000;
/** Blocks nested inside blocks; a sixth #if inside five is refused. */
export const MAX_BLOCK_DEPTH = 5;
/** Parentheses and `not`s inside one condition; bounds the parser's recursion. */
export const MAX_EXPRESSION_DEPTH = 16;

export type Literal = string | number | boolean;
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Expr =
  | { type: "var"; name: string }
  | { type: "lit"; value: Literal }
  | { type: "not"; expr: Expr }
  | { type: "and" | "or"; left: Expr; right: Expr }
  | { type: "cmp"; op: CompareOp; left: Expr; right: Expr }
  | { type: "in"; left: Expr; list: Literal[] };

export type Branch = { type: "text"; text: string } | { type: "var"; name: string };

export type TemplateNode =
  | { type: "text"; text: string }
  | { type: "var"; name: string; start: number; end: number }
  | { type: "ternary"; cond: Expr; then: Branch; else: Branch; start: number; end: number }
  | { type: "if"; branches: { cond: Expr; body: TemplateNode[] }[]; otherwise: TemplateNode[] | null; start: number; end: number };

/** A body parsed against its variables: parse once, render many times. */
export type ParsedTemplate = {
  readonly body: string;
  readonly nodes: readonly TemplateNode[];
  readonly variables: readonly VariableDefinition[];
  /** Declared names the body uses, in order of first use. */
  readonly used: readonly string[];
};

export type ParseResult = {
  ok: boolean;
  /** Present only when there are no errors. */
  template: ParsedTemplate | null;
  errors: TemplateProblem[];
  warnings: TemplateProblem[];
};

export type SpanKind = "variable" | "ternary" | "if" | "else_if" | "else" | "end_if" | "escape" | "invalid";

/** A tag or escape in the body, for the editor to highlight. Offsets are [start, end) in UTF-16 units. */
export type PlaceholderSpan = {
  kind: SpanKind;
  start: number;
  end: number;
  line: number;
  column: number;
  /** Variable names the tag refers to, in order. */
  names: string[];
  /** Set when the tag is malformed; kind is "invalid" unless it is still recognisably a block tag. */
  problem?: TemplateProblem;
};

// ---------------------------------------------------------------------------
// Scanning: split the body into literal text, escapes and tags.

type Piece =
  | { kind: "gap"; start: number; end: number }
  | { kind: "escape"; start: number; end: number }
  | { kind: "tag"; start: number; end: number; info: TagInfo };

/** A located problem before line/column are known. */
type Located = Omit<TemplateProblem, "line" | "column" | "severity"> & { start: number; end: number };

type TagInfo =
  | { kind: "variable"; node: Extract<TemplateNode, { type: "var" }>; refs: Ref[] }
  | { kind: "ternary"; node: Extract<TemplateNode, { type: "ternary" }>; refs: Ref[]; checks: Check[] }
  | { kind: "if" | "else_if"; cond: Expr; refs: Ref[]; checks: Check[]; problem?: Located }
  | { kind: "else" | "end_if"; refs: Ref[] }
  | { kind: "invalid"; refs: Ref[]; problem: Located };

type Ref = { name: string; start: number; end: number };
/** A variable compared with literals, kept so the parse can warn about comparisons that can never hold. */
type Check = { name: string; op: string; literals: Literal[]; start: number; end: number };

function isBlockTag(info: TagInfo): boolean {
  return info.kind === "if" || info.kind === "else_if" || info.kind === "else" || info.kind === "end_if";
}

function isInlineSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 11 || code === 12;
}

function scan(body: string): { pieces: Piece[]; problems: Located[] } {
  const pieces: Piece[] = [];
  const problems: Located[] = [];
  let i = 0;
  const n = body.length;
  // The next "}}" is remembered: a body full of "{{" and no "}}" must not rescan to the end for each one.
  let close = -2;
  while (i < n) {
    const open = body.indexOf("{{", i);
    if (open < 0) break;
    // open - 1 >= i: a backslash already consumed by an earlier piece escapes nothing.
    if (open - 1 >= i && body.charCodeAt(open - 1) === 92 /* \ */) {
      if (open - 1 > i) pieces.push({ kind: "gap", start: i, end: open - 1 });
      pieces.push({ kind: "escape", start: open - 1, end: open + 2 });
      i = open + 2;
      continue;
    }
    if (open > i) pieces.push({ kind: "gap", start: i, end: open });
    // Quoted text inside a tag cannot contain "}}" or "{{": keeping the tag
    // boundary quote-blind makes scanning linear and a missing "}}" easy to place.
    if (close !== -1 && close < open + 2) close = body.indexOf("}}", open + 2);
    const next = body.indexOf("{{", open + 2);
    if (close < 0 || (next >= 0 && next < close)) {
      const end = next >= 0 && (close < 0 || next < close) ? next : n;
      problems.push({
        kind: "syntax",
        message:
          close < 0
            ? "This tag is never closed: '}}' is missing"
            : "This tag is not closed: '}}' is missing before the next '{{'",
        start: open,
        end: Math.min(end, open + 2),
      });
      pieces.push({ kind: "gap", start: open, end });
      i = end;
      continue;
    }
    const info = parseTag(body, open + 2, close);
    pieces.push({ kind: "tag", start: open, end: close + 2, info });
    i = close + 2;
  }
  if (i < n) pieces.push({ kind: "gap", start: i, end: n });
  stripStandaloneLines(body, pieces);
  return { pieces, problems };
}

/**
 * A block tag alone on its line (Mustache's "standalone" rule) removes the
 * whole line, so prompts written with one block tag per line render without
 * stray blank lines.
 */
function stripStandaloneLines(body: string, pieces: Piece[]): void {
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    if (piece.kind !== "tag" || !isBlockTag(piece.info)) continue;
    let a = piece.start;
    while (a > 0 && isInlineSpace(body.charCodeAt(a - 1))) a--;
    if (a > 0 && body.charCodeAt(a - 1) !== 10) continue;
    let b = piece.end;
    while (b < body.length && isInlineSpace(body.charCodeAt(b))) b++;
    if (b < body.length && body.charCodeAt(b) !== 10) continue;
    if (b < body.length) b++;
    const before = pieces[p - 1];
    if (before && before.kind === "gap" && before.end > a) before.end = Math.max(before.start, a);
    const after = pieces[p + 1];
    if (after && after.kind === "gap" && after.start < b) after.start = Math.min(after.end, b);
  }
}

// ---------------------------------------------------------------------------
// Tags and conditions.

type Token =
  | { t: "id"; v: string; start: number; end: number }
  | { t: "str"; v: string; start: number; end: number }
  | { t: "num"; v: number; start: number; end: number }
  | { t: "op"; v: string; start: number; end: number }
  | { t: "eof"; v: ""; start: number; end: number };

/** Thrown inside the tag parser only, caught in parseTag; never escapes this module. */
class TagSyntaxError {
  constructor(readonly problem: Located) {}
}

function fail(message: string, start: number, end: number, kind: "syntax" | "depth" = "syntax"): never {
  throw new TagSyntaxError({ kind, message, start, end: Math.max(end, start + 1) });
}

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

const TWO_CHAR_OPS = new Set(["==", "!=", "<=", ">=", "&&", "||"]);
const ONE_CHAR_OPS = new Set(["<", ">", "!", "(", ")", "[", "]", ",", "?", ":", "-", ".", "=", "|"]);
const ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t" };

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 32 || code === 127 ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : `'${ch}'`;
}

function lex(body: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = body.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isIdStart(c)) {
      const start = i;
      while (i < to && isIdPart(body.charCodeAt(i))) i++;
      tokens.push({ t: "id", v: body.slice(start, i), start, end: i });
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      while (i < to && isDigit(body.charCodeAt(i))) i++;
      if (body.charCodeAt(i) === 46 /* . */ && i + 1 < to && isDigit(body.charCodeAt(i + 1))) {
        i++;
        while (i < to && isDigit(body.charCodeAt(i))) i++;
      }
      if (i < to && isIdPart(body.charCodeAt(i))) fail(`A number cannot run into letters: ${JSON.stringify(body.slice(start, Math.min(to, i + 10)))}`, start, i + 1);
      tokens.push({ t: "num", v: Number(body.slice(start, i)), start, end: i });
      continue;
    }
    if (c === 39 || c === 34) {
      const quote = c;
      const start = i;
      let value = "";
      i++;
      let closed = false;
      while (i < to) {
        const d = body.charCodeAt(i);
        if (d === quote) {
          closed = true;
          i++;
          break;
        }
        if (d === 92) {
          const e = body[i + 1];
          if (i + 1 >= to || !Object.hasOwn(ESCAPES, e)) {
            fail(`Unknown escape '\\${i + 1 < to ? e : ""}' in quoted text; write \\\\ for a backslash, \\' or \\" for a quote`, i, i + 2);
          }
          value += ESCAPES[e];
          i += 2;
          continue;
        }
        value += body[i];
        i++;
      }
      if (!closed) fail("Quoted text is not closed (quoted text inside a tag cannot contain '}}')", start, to);
      tokens.push({ t: "str", v: value, start, end: i });
      continue;
    }
    const two = body.slice(i, i + 2);
    if (i + 1 < to && TWO_CHAR_OPS.has(two)) {
      tokens.push({ t: "op", v: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    const ch = body[i];
    if (ONE_CHAR_OPS.has(ch)) {
      tokens.push({ t: "op", v: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    const cp = String.fromCodePoint(body.codePointAt(i) ?? c);
    fail(`Unexpected character ${describeChar(cp)} in a tag`, i, i + cp.length);
  }
  tokens.push({ t: "eof", v: "", start: to, end: to });
  return tokens;
}

const COMPARE_OPS = new Set<string>(["==", "!=", "<", "<=", ">", ">="]);

function tokenText(tok: Token): string {
  if (tok.t === "eof") return "the end of the tag";
  if (tok.t === "str") return "quoted text";
  return `'${String(tok.v)}'`;
}

class ExprParser {
  private pos = 0;
  private depth = 0;
  readonly refs: Ref[] = [];
  readonly checks: Check[] = [];
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos];
  }
  next(): Token {
    const tok = this.tokens[this.pos];
    if (tok.t !== "eof") this.pos++;
    return tok;
  }
  isOp(v: string): boolean {
    const tok = this.peek();
    return tok.t === "op" && tok.v === v;
  }
  isWord(v: string): boolean {
    const tok = this.peek();
    return tok.t === "id" && tok.v === v;
  }

  /** Explains what went wrong at an unexpected token, with the hints people need most. */
  unexpected(tok: Token, after: string): never {
    if (tok.t === "op") {
      if (tok.v === "|") fail("Filters like {{name | upper}} are not supported", tok.start, tok.end);
      if (tok.v === "=") fail("Use == to compare, not =", tok.start, tok.end);
      if (tok.v === ".") fail("Dotted paths like a.b are not supported: use a declared variable name", tok.start, tok.end);
      if (tok.v === "(") fail("Calls like name(…) are not supported", tok.start, tok.end);
      if (tok.v === "[") fail("Indexing like name[…] is not supported", tok.start, tok.end);
    }
    fail(`Unexpected ${tokenText(tok)} ${after}`, tok.start, tok.end);
  }

  expectEnd(after: string): void {
    const tok = this.peek();
    if (tok.t !== "eof") this.unexpected(tok, after);
  }

  enter(tok: Token): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) fail(`This condition is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, tok.start, tok.end, "depth");
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord("or") || this.isOp("||")) {
      this.next();
      left = { type: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord("and") || this.isOp("&&")) {
      this.next();
      left = { type: "and", left, right: this.parseNot() };
    }
    return left;
  }

  parseNot(): Expr {
    if (this.isWord("not") || this.isOp("!")) {
      const tok = this.next();
      this.enter(tok);
      const expr: Expr = { type: "not", expr: this.parseNot() };
      this.depth--;
      return expr;
    }
    return this.parseCompare();
  }

  parseCompare(): Expr {
    const first = this.peek();
    const left = this.parsePrimary();
    let result: Expr = left;
    const tok = this.peek();
    if (tok.t === "op" && COMPARE_OPS.has(tok.v)) {
      this.next();
      result = { type: "cmp", op: tok.v as CompareOp, left, right: this.parsePrimary() };
    } else if (this.isWord("in")) {
      this.next();
      result = { type: "in", left, list: this.parseList() };
    } else if (this.isWord("not") && this.tokens[this.pos + 1]?.t === "id" && this.tokens[this.pos + 1].v === "in") {
      this.next();
      this.next();
      result = { type: "not", expr: { type: "in", left, list: this.parseList() } };
    } else {
      return result;
    }
    this.noteCheck(result.type === "not" ? result.expr : result, first.start);
    const after = this.peek();
    if ((after.t === "op" && COMPARE_OPS.has(after.v)) || this.isWord("in")) {
      fail("Comparisons cannot be chained: join them with and", after.start, after.end);
    }
    return result;
  }

  private noteCheck(expr: Expr, start: number): void {
    const end = this.tokens[Math.max(0, this.pos - 1)].end;
    if (expr.type === "in" && expr.left.type === "var") {
      this.checks.push({ name: expr.left.name, op: "in", literals: expr.list, start, end });
    } else if (expr.type === "cmp") {
      const [variable, literal] = expr.left.type === "var" ? [expr.left, expr.right] : [expr.right, expr.left];
      if (variable.type === "var" && literal.type === "lit") this.checks.push({ name: variable.name, op: expr.op, literals: [literal.value], start, end });
    }
  }

  parseList(): Literal[] {
    const open = this.next();
    if (open.t !== "op" || open.v !== "[") fail(`Expected a list like ['a', 'b'] after in, found ${tokenText(open)}`, open.start, open.end);
    const list: Literal[] = [];
    if (this.isOp("]")) {
      this.next();
      return list;
    }
    for (;;) {
      list.push(this.parseLiteral("in a list"));
      const sep = this.next();
      if (sep.t === "op" && sep.v === "]") return list;
      if (sep.t !== "op" || sep.v !== ",") fail(`Expected , or ] in the list, found ${tokenText(sep)}`, sep.start, sep.end);
    }
  }

  parseLiteral(where: string): Literal {
    const tok = this.next();
    if (tok.t === "str" || tok.t === "num") return tok.v;
    if (tok.t === "id" && (tok.v === "true" || tok.v === "false")) return tok.v === "true";
    if (tok.t === "op" && tok.v === "-") {
      const num = this.next();
      if (num.t === "num") return -num.v;
      fail(`Expected a number after -, found ${tokenText(num)}`, num.start, num.end);
    }
    fail(`Expected quoted text, a number, true or false ${where}, found ${tokenText(tok)}`, tok.start, tok.end);
  }

  /** A name reference; refuses the syntax of paths, calls and indexing outright. */
  parseName(tok: Extract<Token, { t: "id" }>): Expr {
    const after = this.peek();
    if (after.t === "op" && (after.v === "." || after.v === "(" || after.v === "[")) this.unexpected(after, "");
    this.refs.push({ name: tok.v, start: tok.start, end: tok.end });
    return { type: "var", name: tok.v };
  }

  parsePrimary(): Expr {
    const tok = this.peek();
    if (tok.t === "op" && tok.v === "(") {
      this.next();
      this.enter(tok);
      const inner = this.parseOr();
      const close = this.next();
      if (close.t !== "op" || close.v !== ")") fail(`Expected ) to close the ( here, found ${tokenText(close)}`, tok.start, close.end);
      this.depth--;
      return inner;
    }
    if (tok.t === "id" && !KEYWORDS.has(tok.v)) {
      this.next();
      return this.parseName(tok);
    }
    if (tok.t === "id" && (tok.v === "true" || tok.v === "false")) {
      this.next();
      return { type: "lit", value: tok.v === "true" };
    }
    if (tok.t === "str" || tok.t === "num" || (tok.t === "op" && tok.v === "-")) {
      return { type: "lit", value: this.parseLiteral("") };
    }
    if (tok.t === "eof") fail("Expected a variable name or a value here", tok.start, tok.end);
    this.unexpected(tok, "where a variable name or a value belongs");
  }

  parseBranch(): Branch {
    const tok = this.next();
    if (tok.t === "str") return { type: "text", text: tok.v };
    if (tok.t === "id" && !KEYWORDS.has(tok.v)) {
      const expr = this.parseName(tok);
      return { type: "var", name: (expr as { name: string }).name };
    }
    fail(`Each branch of ? : is quoted text or a variable name, found ${tokenText(tok)}`, tok.start, tok.end);
  }
}

const BLOCK_HELP = "only {{#if …}}, {{else}}, {{else if …}} and {{/if}} exist";

function parseCondition(body: string, from: number, to: number, tagStart: number, tagEnd: number, what: string): { cond: Expr; refs: Ref[]; checks: Check[] } {
  const tokens = lex(body, from, to);
  if (tokens[0].t === "eof") fail(`${what} needs a condition`, tagStart, tagEnd);
  const parser = new ExprParser(tokens);
  const cond = parser.parseOr();
  parser.expectEnd("after the condition");
  return { cond, refs: parser.refs, checks: parser.checks };
}

/**
 * A block tag whose condition is broken still opens (or continues) its block,
 * so its {{/if}} matches and one mistake yields one problem.
 */
function blockCondition(kind: "if" | "else_if", body: string, from: number, to: number, tagStart: number, tagEnd: number): TagInfo {
  try {
    const { cond, refs, checks } = parseCondition(body, from, to, tagStart, tagEnd, kind === "if" ? "{{#if}}" : "{{else if}}");
    return { kind, cond, refs, checks };
  } catch (error) {
    if (error instanceof TagSyntaxError) return { kind, cond: { type: "lit", value: false }, refs: [], checks: [], problem: error.problem };
    throw error;
  }
}

/** Classifies and parses the text between "{{" and "}}". Never throws. */
function parseTag(body: string, from: number, to: number): TagInfo {
  const tagStart = from - 2;
  const tagEnd = to + 2;
  let i = from;
  while (i < to && isSpace(body.charCodeAt(i))) i++;
  let j = to;
  while (j > i && isSpace(body.charCodeAt(j - 1))) j--;
  try {
    if (i === j) fail("Empty tag: write a variable name inside {{ }}", tagStart, tagEnd);
    const first = body[i];
    if (first === "#") {
      let k = i + 1;
      while (k < j && isSpace(body.charCodeAt(k))) k++;
      const wordStart = k;
      while (k < j && isIdPart(body.charCodeAt(k))) k++;
      const word = body.slice(wordStart, k);
      if (word !== "if") fail(`Unknown block {{#${word.slice(0, 40)}}}: ${BLOCK_HELP}`, tagStart, tagEnd);
      return blockCondition("if", body, k, j, tagStart, tagEnd);
    }
    if (first === "/") {
      let k = i + 1;
      while (k < j && isSpace(body.charCodeAt(k))) k++;
      const word = body.slice(k, j);
      if (word !== "if") fail(`Unknown closing tag {{/${word.slice(0, 40)}}}: ${BLOCK_HELP}`, tagStart, tagEnd);
      return { kind: "end_if", refs: [] };
    }
    if (body.startsWith("else", i) && (i + 4 === j || !isIdPart(body.charCodeAt(i + 4)))) {
      let k = i + 4;
      while (k < j && isSpace(body.charCodeAt(k))) k++;
      if (k === j) return { kind: "else", refs: [] };
      if (body.startsWith("if", k) && (k + 2 === j || !isIdPart(body.charCodeAt(k + 2)))) {
        return blockCondition("else_if", body, k + 2, j, tagStart, tagEnd);
      }
      fail(`Unexpected text after else: ${BLOCK_HELP}`, k, j);
    }
    if (first === ">") fail("Partials like {{> name}} are not supported", tagStart, tagEnd);
    if (first === "{") fail("Triple braces are not supported: write {{name}}", tagStart, tagEnd);
    if (first === "&") fail("Unescaped output {{& name}} is not supported: write {{name}}", tagStart, tagEnd);
    if (first === "^") fail("Inverted sections are not supported: write {{#if not name}}", tagStart, tagEnd);
    if (first === "~") fail("Whitespace control {{~ }} is not supported: a block tag alone on its line removes the line", tagStart, tagEnd);

    const parser = new ExprParser(lex(body, i, j));
    const start = parser.peek();
    const cond = parser.parseOr();
    if (parser.isOp("?")) {
      parser.next();
      const then = parser.parseBranch();
      const colon = parser.next();
      if (colon.t !== "op" || colon.v !== ":") fail(`Expected : between the two branches, found ${tokenText(colon)}`, colon.start, colon.end);
      const otherwise = parser.parseBranch();
      parser.expectEnd("after the second branch");
      return { kind: "ternary", node: { type: "ternary", cond, then, else: otherwise, start: tagStart, end: tagEnd }, refs: parser.refs, checks: parser.checks };
    }
    parser.expectEnd("after the variable name");
    if (cond.type === "var") return { kind: "variable", node: { type: "var", name: cond.name, start: tagStart, end: tagEnd }, refs: parser.refs };
    if (cond.type === "lit") fail("A tag prints a variable: write fixed text outside {{ }}", start.start, start.end);
    fail("A condition prints nothing by itself: add ? 'yes' : 'no', or use {{#if …}}…{{/if}}", tagStart, tagEnd);
  } catch (error) {
    if (error instanceof TagSyntaxError) return { kind: "invalid", refs: [], problem: error.problem };
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Building the tree.

type OpenBlock = { node: Extract<TemplateNode, { type: "if" }>; current: TemplateNode[]; sawElse: boolean; start: number; end: number };

function pushText(target: TemplateNode[], text: string): void {
  if (text.length === 0) return;
  const last = target[target.length - 1];
  if (last && last.type === "text") last.text += text;
  else target.push({ type: "text", text });
}

function build(body: string, pieces: Piece[], problems: Located[]): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: OpenBlock[] = [];
  const current = () => (stack.length > 0 ? stack[stack.length - 1].current : root);
  for (const piece of pieces) {
    if (piece.kind === "gap") {
      pushText(current(), body.slice(piece.start, piece.end));
      continue;
    }
    if (piece.kind === "escape") {
      pushText(current(), "{{");
      continue;
    }
    const info = piece.info;
    switch (info.kind) {
      case "invalid":
        problems.push(info.problem);
        break;
      case "variable":
      case "ternary":
        current().push(info.node);
        break;
      case "if": {
        if (info.problem) problems.push(info.problem);
        if (stack.length >= MAX_BLOCK_DEPTH) {
          problems.push({ kind: "depth", message: `Blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep`, start: piece.start, end: piece.end, expected: `at most ${MAX_BLOCK_DEPTH} levels`, given: String(stack.length + 1) });
        }
        const node: OpenBlock["node"] = { type: "if", branches: [{ cond: info.cond, body: [] }], otherwise: null, start: piece.start, end: piece.end };
        current().push(node);
        stack.push({ node, current: node.branches[0].body, sawElse: false, start: piece.start, end: piece.end });
        break;
      }
      case "else_if":
      case "else": {
        if (info.kind === "else_if" && info.problem) problems.push(info.problem);
        const top = stack[stack.length - 1];
        const label = info.kind === "else" ? "{{else}}" : "{{else if}}";
        if (!top) {
          problems.push({ kind: "syntax", message: `${label} without an open {{#if}}`, start: piece.start, end: piece.end });
          break;
        }
        if (top.sawElse) {
          problems.push({ kind: "syntax", message: `${label} after {{else}} in the same {{#if}}`, start: piece.start, end: piece.end });
          break;
        }
        if (info.kind === "else_if") {
          const branch = { cond: info.cond, body: [] as TemplateNode[] };
          top.node.branches.push(branch);
          top.current = branch.body;
        } else {
          top.sawElse = true;
          top.node.otherwise = [];
          top.current = top.node.otherwise;
        }
        break;
      }
      case "end_if": {
        const top = stack.pop();
        if (!top) problems.push({ kind: "syntax", message: "{{/if}} without an open {{#if}}", start: piece.start, end: piece.end });
        else top.node.end = piece.end;
        break;
      }
    }
  }
  for (const open of stack) {
    problems.push({ kind: "syntax", message: "This {{#if}} is never closed with {{/if}}", start: open.start, end: open.end });
  }
  return root;
}

// ---------------------------------------------------------------------------
// Public entry points.

function locate(starts: readonly number[], p: Located, severity: "error" | "warning"): TemplateProblem {
  const { line, column } = lineColumn(starts, p.start);
  return { ...p, severity, line, column };
}

function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let x = 1; x <= a.length; x++) {
    const row = [x];
    let best = x;
    for (let y = 1; y <= b.length; y++) {
      const cost = a[x - 1].toLowerCase() === b[y - 1].toLowerCase() ? 0 : 1;
      row[y] = Math.min(prev[y] + 1, row[y - 1] + 1, prev[y - 1] + cost);
      best = Math.min(best, row[y]);
    }
    if (best > limit) return false;
    prev = row;
  }
  return prev[b.length] <= limit;
}

function suggestion(name: string, declared: readonly string[]): string {
  if (name.length > 60) return "";
  const near = declared.find((d) => editDistanceAtMost(name, d, name.length <= 4 ? 1 : 2));
  return near ? ` (did you mean '${near}'?)` : "";
}

const TYPE_OF_VALUES: Record<VariableDefinition["type"], string> = { text: "string", dropdown: "string", number: "number", boolean: "boolean" };
const TYPE_WORDS: Record<VariableDefinition["type"], string> = { text: "text", dropdown: "a dropdown", number: "a number", boolean: "true or false" };

function showLiteral(value: Literal): string {
  return typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value) : String(value);
}

/**
 * A comparison that can never hold is almost always a typo (an option spelled
 * wrong, a number quoted): warn at the comparison rather than render silently wrong.
 */
function comparisonProblem(def: VariableDefinition, check: Check): Located | null {
  const base = { variable: def.name, start: check.start, end: check.end };
  const expectedType = TYPE_OF_VALUES[def.type];
  const wrongType = check.literals.find((l) => typeof l !== expectedType);
  if (wrongType !== undefined) {
    return {
      ...base,
      kind: "type",
      message: `'${def.name}' is ${TYPE_WORDS[def.type]}, so comparing it with ${showLiteral(wrongType)} never matches`,
      expected: TYPE_WORDS[def.type],
      given: showLiteral(wrongType),
    };
  }
  if (def.type === "boolean" && check.op !== "==" && check.op !== "!=" && check.op !== "in") {
    return { ...base, kind: "type", message: `'${def.name}' is true or false, so ordering it with ${check.op} never matches`, expected: "== or !=", given: check.op };
  }
  if (def.type === "dropdown") {
    const missing = check.literals.find((l) => typeof l === "string" && !def.options.includes(l));
    if (missing !== undefined) {
      const near = String(missing).length <= 40 ? def.options.find((o) => o.length <= 40 && editDistanceAtMost(String(missing), o, 2)) : undefined;
      return {
        ...base,
        kind: "option",
        message: `${showLiteral(missing)} is not an option of '${def.name}'${near ? ` (did you mean ${showLiteral(near)}?)` : ""}`,
        expected: `one of ${def.options.map(showLiteral).join(", ")}`,
        given: showLiteral(missing),
      };
    }
  }
  return null;
}

/**
 * Parses a body against its variable definitions. Errors (syntax, undeclared
 * names, depth, length, invalid definitions) refuse the save; warnings
 * (unused variables, comparisons that never match, ignored definition
 * fields) do not. Never throws.
 */
export function parseTemplate(body: string, variables: readonly VariableDefinition[]): ParseResult {
  const defs = validateVariableDefinitions(variables);
  if (typeof body !== "string") {
    return { ok: false, template: null, errors: [{ kind: "syntax", severity: "error", message: "A template body must be text" }, ...defs.errors], warnings: defs.warnings };
  }
  if (body.length > MAX_TEMPLATE_CHARS) {
    return {
      ok: false,
      template: null,
      errors: [
        {
          kind: "too_long",
          severity: "error",
          message: `A template is at most ${MAX_TEMPLATE_CHARS} characters, this one has ${body.length}`,
          expected: `at most ${MAX_TEMPLATE_CHARS} characters`,
          given: `${body.length} characters`,
        },
        ...defs.errors,
      ],
      warnings: defs.warnings,
    };
  }
  const { pieces, problems } = scan(body);
  const nodes = build(body, pieces, problems);
  const declared = Array.isArray(variables) ? variables.map((d) => (d && typeof d === "object" ? d.name : "")).filter((n): n is string => typeof n === "string") : [];
  const declaredSet = new Set(declared);
  const used: string[] = [];
  const usedSet = new Set<string>();
  const hints = new Map<string, string>();
  for (const piece of pieces) {
    if (piece.kind !== "tag") continue;
    for (const ref of piece.info.refs) {
      if (!declaredSet.has(ref.name)) {
        // Suggestions cost O(names × length²): compute each once, and none past the problem cap.
        let hint = hints.get(ref.name);
        if (hint === undefined) {
          hint = problems.length <= MAX_PROBLEMS ? suggestion(ref.name, declared) : "";
          hints.set(ref.name, hint);
        }
        problems.push({
          kind: "undeclared",
          message: `'${ref.name.slice(0, 60)}' is not a declared variable${hint}`,
          start: ref.start,
          end: ref.end,
          variable: ref.name,
        });
      } else if (!usedSet.has(ref.name)) {
        usedSet.add(ref.name);
        used.push(ref.name);
      }
    }
  }
  problems.sort((a, b) => a.start - b.start);
  const starts = lineStarts(body);
  const errors = capProblems([...problems.map((p) => locate(starts, p, "error")), ...defs.errors]);
  const warnings = [...defs.warnings];
  if (defs.ok) {
    const byName = new Map(variables.map((d) => [d.name, d]));
    for (const piece of pieces) {
      if (piece.kind !== "tag" || !("checks" in piece.info)) continue;
      for (const check of piece.info.checks) {
        if (warnings.length > MAX_PROBLEMS) break;
        const def = byName.get(check.name);
        const problem = def && comparisonProblem(def, check);
        if (problem) warnings.push(locate(starts, problem, "warning"));
      }
    }
  }
  for (const name of declared) {
    if (!usedSet.has(name) && typeof name === "string" && name.length > 0) {
      warnings.push({ kind: "unused", severity: "warning", message: `'${name.slice(0, 60)}' is declared but never used`, variable: name });
    }
  }
  const ok = errors.length === 0;
  return {
    ok,
    template: ok ? { body, nodes, variables: trustedDefinitions(variables, defs) ?? [], used } : null,
    errors,
    warnings: capProblems(warnings),
  };
}

/**
 * Every tag and escape in a body with its position, for syntax highlighting
 * and inline error marks. Works on any text, valid or not; never throws.
 * Undeclared names are not judged here: parseTemplate reports those.
 */
export function placeholderSpans(body: string): PlaceholderSpan[] {
  if (typeof body !== "string") return [];
  const text = body.length > MAX_TEMPLATE_CHARS * 5 ? body.slice(0, MAX_TEMPLATE_CHARS * 5) : body;
  const { pieces, problems } = scan(text);
  const starts = lineStarts(text);
  const spans: PlaceholderSpan[] = [];
  for (const piece of pieces) {
    if (piece.kind === "gap") continue;
    const { line, column } = lineColumn(starts, piece.start);
    if (piece.kind === "escape") {
      spans.push({ kind: "escape", start: piece.start, end: piece.end, line, column, names: [] });
      continue;
    }
    const info = piece.info;
    const names = info.refs.map((r) => r.name);
    if (info.kind === "invalid") spans.push({ kind: "invalid", start: piece.start, end: piece.end, line, column, names, problem: locate(starts, info.problem, "error") });
    else if ((info.kind === "if" || info.kind === "else_if") && info.problem) {
      spans.push({ kind: info.kind, start: piece.start, end: piece.end, line, column, names, problem: locate(starts, info.problem, "error") });
    } else spans.push({ kind: info.kind, start: piece.start, end: piece.end, line, column, names });
  }
  // Unclosed "{{": mark the two braces so the editor can point at them.
  for (const p of problems) {
    const { line, column } = lineColumn(starts, p.start);
    spans.push({ kind: "invalid", start: p.start, end: p.end, line, column, names: [], problem: locate(starts, p, "error") });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Names the body refers to, in order of first appearance, whether declared or not. Never throws. */
export function extractVariableNames(body: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const span of placeholderSpans(body)) {
    for (const name of span.names) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
}
