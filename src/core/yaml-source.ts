// YAML model files with positions: parse a file keeping its syntax tree, so that any problem found later —
// a YAML syntax error, a duplicate key, or a zod issue at a field path — is reported at the file's line and
// column in words a planner can act on. Invariant: every error a user can cause leaves here as an InputError.

import {
  CST,
  Lexer,
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type YAMLError,
} from 'yaml';
import type { z } from 'zod';
import { InputError, shortText, suggestSpelling, type Diagnostic } from './diagnostics.ts';

/** Levels of lists and mappings a YAML file may nest (a chain model needs about 8): deeper is refused before parsing. */
export const YAML_MAX_DEPTH = 64;

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export interface LocatedDocument {
  /** The document as plain JavaScript values (what a zod schema validates). */
  value: unknown;
  file: string;
  /**
   * Position of the value at `path`; where the path leaves the document, the deepest node that exists
   * (for a missing key, the start of the mapping that lacks it).
   */
  locate(path: readonly PropertyKey[]): SourcePosition;
  /** Like locate, but for a path ending in an existing mapping key, the position of the key itself. */
  locateKey(path: readonly PropertyKey[]): SourcePosition;
}

export function parseYamlDocument(text: string, file: string): LocatedDocument {
  // yaml composes documents recursively: thousands of nested levels overflow the stack somewhere inside it (or in
  // a later walk over the tree). Its lexer is a loop, so the depth is measured on the tokens first.
  const tooDeep = excessiveNesting(text, YAML_MAX_DEPTH);
  if (tooDeep) {
    throw new InputError([
      {
        file,
        ...tooDeep,
        path: '',
        message: `lists and mappings are nested more than ${YAML_MAX_DEPTH} levels deep here (a chain model needs about 8); look for brackets that are never closed, or indentation that keeps growing`,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  // prettyErrors off: we place errors ourselves and do not want yaml's source excerpt inside the message.
  // uniqueKeys off: yaml's own check compares every key with every other (a file of 50,000 keys took half a
  // minute); duplicateKeysByOffset finds the same duplicates with one map per mapping.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const positionOf = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    // linePos reports line 0 before the first newline it has seen (a one-line file without one).
    return line === 0 ? { line: 1, col: offset + 1 } : { line, col };
  };

  const diagnostics: Diagnostic[] = [];
  for (const [offset, duplicate] of duplicateKeysByOffset(doc)) {
    const first = positionOf(duplicate.firstOffset);
    diagnostics.push({
      file,
      ...positionOf(offset),
      path: renderPath(duplicate.path),
      message: `duplicate field "${shortText(duplicate.key)}" (first given on line ${first.line}); keep only one of the two`,
    });
  }
  for (const error of doc.errors) {
    const { line, col } = positionOf(error.pos[0]);
    const unclosed = unclosedQuoteOrBracket(doc, error);
    if (unclosed === undefined) {
      diagnostics.push({ file, line, col, path: '', message: yamlErrorMessage(error) });
    } else {
      // Point at the opening quote or bracket, which is what needs its partner; yaml reports where it gave up.
      const opened = positionOf(unclosed.offset);
      const message =
        unclosed.kind === 'quote'
          ? `the quoted text started here is never closed; add the closing ${unclosed.closer}`
          : `the ${unclosed.kind} started with "${unclosed.opener}" on line ${opened.line} is not closed with "${unclosed.closer}" (lines inside it must also be indented more than its field name)`;
      diagnostics.push({ file, ...(unclosed.kind === 'quote' ? opened : { line, col }), path: '', message });
    }
  }
  for (const alias of unresolvedAliases(doc)) {
    const { line, col } = positionOf(alias.offset);
    diagnostics.push({
      file,
      line,
      col,
      path: '',
      message: `unknown alias "*${alias.name}": define the anchor "&${alias.name}" earlier in the file, or remove the alias`,
    });
  }
  if (diagnostics.length > 0) throw new InputError(sortByPosition(diagnostics));

  let value: unknown;
  try {
    // yaml's default of 100 alias expansions is low for a model that reuses one anchored distribution for
    // every stage; 1000 still stops exponential alias bombs.
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Only alias abuse ("billion laughs") gets here once the syntax errors above are excluded.
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError([{ file, line: 1, col: 1, path: '', message: `cannot read the document: ${reason}` }]);
  }

  // A mapping's pairs by key, built on first use: locating every one of many problems stays linear.
  const pairsByKey = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>();
  const pairOf = (map: { items: { key: unknown; value: unknown }[] }, segment: PropertyKey) => {
    if (typeof segment === 'symbol') return undefined;
    let byKey = pairsByKey.get(map);
    if (byKey === undefined) {
      byKey = new Map();
      for (const item of map.items) {
        const name = String(isScalar(item.key) ? item.key.value : item.key);
        if (!byKey.has(name)) byKey.set(name, item);
      }
      pairsByKey.set(map, byKey);
    }
    return byKey.get(String(segment));
  };

  const offsetAt = (path: readonly PropertyKey[], wantKey: boolean): number => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      node = resolveAlias(node, doc);
      const segment = path[i];
      if (isMap(node)) {
        const pair = pairOf(node, segment);
        if (pair === undefined) return offset;
        const keyOffset = rangeStart(pair.key) ?? offset;
        if (i === path.length - 1 && wantKey) return keyOffset;
        if (pair.value === null || pair.value === undefined) return keyOffset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined || item === null) return offset;
        node = item;
      } else {
        return offset;
      }
      offset = rangeStart(node) ?? offset;
    }
    return offset;
  };

  return {
    value,
    file,
    locate: (path) => positionOf(offsetAt(path, false)),
    locateKey: (path) => positionOf(offsetAt(path, true)),
  };
}

/**
 * The position of the first token nested more than `limit` levels deep, or undefined. Levels are flow
 * collections (`[`, `{`) and block levels: each line's first token and each `- ` or `? ` indicator opens a level
 * at its column, closing the levels at that column or right of it. Block scalar text, quoted and plain scalars and
 * comments open none. Counts may run one above yaml's own (a value after `key:` on its line is not a level here,
 * but a nested mapping's key line is), never below, so a deep document cannot slip through.
 */
export function excessiveNesting(text: string, limit: number): SourcePosition | undefined {
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  let flow = 0;
  const block: number[] = [];
  let atLineStart = true;
  let blockScalarPending = false;
  let skipNext = false;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.DOCUMENT || token === CST.FLOW_END) continue; // markers, not source text
    if (token === CST.SCALAR) {
      // The scalar's text follows; after a block scalar header it is the block's content, not structure.
      skipNext = blockScalarPending;
      blockScalarPending = false;
      continue;
    }
    const col = offset - lineStart;
    const type = skipNext ? 'content' : CST.tokenType(token);
    skipNext = false;
    if (type === 'newline') atLineStart = true;
    else if (type === 'block-scalar-header') blockScalarPending = true;
    else if (type !== 'space' && type !== 'comment' && type !== 'content' && type !== 'byte-order-mark') {
      let opened = false;
      if (type === 'flow-seq-start' || type === 'flow-map-start') {
        flow++;
        opened = true;
      } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
        flow = Math.max(0, flow - 1);
      } else if (flow === 0 && (atLineStart || type === 'seq-item-ind' || type === 'explicit-key-ind')) {
        while (block.length > 0 && block[block.length - 1] >= col) block.pop();
        block.push(col);
        opened = true;
      }
      if (opened && block.length + flow > limit) return { line, col: col + 1 };
      atLineStart = false;
    }
    for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) {
      line++;
      lineStart = offset + i + 1;
    }
    offset += token.length;
  }
  return undefined;
}

/**
 * One diagnostic per zod issue (one per unknown key for `unrecognized_keys`), sorted by position.
 * Pass the schema that produced the issues to have unknown fields answered with the list of allowed
 * fields; without it they still name the key. Messages the schema author wrote are kept as they are.
 */
export function zodIssuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  doc: LocatedDocument,
  schema?: z.core.$ZodType,
): Diagnostic[] {
  const collected: Diagnostic[] = [];
  for (const issue of issues) collectIssue(issue, [], doc, schema, collected);
  return sortByPosition(collected);
}

// ---------------------------------------------------------------------------------------------------------
// zod issues → messages

function collectIssue(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
  doc: LocatedDocument,
  schema: z.core.$ZodType | undefined,
  out: Diagnostic[],
): void {
  const path = prefix.length === 0 ? issue.path : [...prefix, ...issue.path];
  const push = (at: readonly PropertyKey[], position: SourcePosition, message: string): void => {
    out.push({ file: doc.file, line: position.line, col: position.col, path: renderPath(at), message });
  };

  if (issue.code === 'unrecognized_keys') {
    const allowed = schema ? allowedKeysAt(schema, path, doc.value, issue.keys) : undefined;
    for (const key of issue.keys) {
      const keyPath = [...path, key];
      push(keyPath, doc.locateKey(keyPath), unknownFieldMessage(key, allowed));
    }
    return;
  }

  if (issue.code === 'invalid_union' && !isAuthorMessage(issue.message)) {
    const branches = issue.errors;
    const simple = branches.length > 0 && branches.every((branch) => branch.every(isShallowMismatch));
    // When the value got further into some branch (its type fitted, a field inside did not), the branch it
    // fits best says what is really wrong; a list of every alternative would bury that.
    if (!simple && branches.length > 0 && issue.discriminator === undefined) {
      const candidates = branches.filter((branch) => !branch.every(isShallowMismatch));
      const fewest = Math.min(...candidates.map((branch) => branch.length));
      const best = candidates.filter((branch) => branch.length === fewest);
      const shared = best[0].filter((candidate) => best.every((branch) => branch.some((i) => sameIssue(i, candidate))));
      if (best.length === 1 || shared.length > 0) {
        for (const nested of best.length === 1 ? best[0] : shared) collectIssue(nested, path, doc, schema, out);
        return;
      }
      const forms = best.map((branch) => branch.map((nested) => relativeMessage(nested, path, doc)).join('; '));
      push(path, doc.locate(path), `does not match any allowed form: either ${forms.join(', or ')}`);
      return;
    }
  }

  const value = valueAt(doc.value, path);
  const position = issue.code === 'invalid_key' ? doc.locateKey(path) : doc.locate(path);
  push(path, position, issueMessage(issue, value, path[path.length - 1], true));
}

function relativeMessage(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], doc: LocatedDocument): string {
  const path = [...prefix, ...issue.path];
  const message =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => unknownFieldMessage(key, undefined)).join('; ')
      : issueMessage(issue, valueAt(doc.value, path), path[path.length - 1], true);
  // A missing field's message names it already.
  const namesItself = message.startsWith('missing required field') || issue.code === 'unrecognized_keys';
  return issue.path.length === 0 || namesItself ? message : `${renderPath(issue.path)}: ${message}`;
}

function unknownFieldMessage(key: string, allowed: readonly string[] | undefined): string {
  const suggestion = allowed ? suggestSpelling(key, allowed) : undefined;
  let message = `unknown field "${key}"`;
  if (suggestion !== undefined) message += ` (did you mean "${suggestion}"?)`;
  if (allowed !== undefined) {
    message += allowed.length > 0 ? `; allowed fields: ${allowed.join(', ')}` : '; no fields are allowed here';
  } else {
    message += '; check its spelling, or remove it';
  }
  return message;
}

/** A branch of a union that failed on the value's kind itself, not on anything inside it. */
function isShallowMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

function sameIssue(a: z.core.$ZodIssue, b: z.core.$ZodIssue): boolean {
  if (a.code !== b.code || a.path.length !== b.path.length) return false;
  for (let i = 0; i < a.path.length; i++) if (a.path[i] !== b.path[i]) return false;
  if (a.code === 'unrecognized_keys' && b.code === 'unrecognized_keys') return a.keys.join('\0') === b.keys.join('\0');
  return a.message === b.message;
}

/**
 * zod's own English messages ("Invalid input: expected number, received string") are replaced; anything
 * else was written by the schema author for the user and is kept.
 */
function isAuthorMessage(message: string): boolean {
  return !/^(Invalid |Too (small|big)|Unrecognized key)/.test(message);
}

function issueMessage(
  issue: z.core.$ZodIssue,
  value: unknown,
  lastSegment: PropertyKey | undefined,
  showGot: boolean,
): string {
  if (isAuthorMessage(issue.message)) return issue.message;
  const got = showGot ? `, got ${describeValue(value)}` : '';
  const missing = showGot && value === undefined;
  const fieldName = typeof lastSegment === 'string' ? `field "${lastSegment}"` : 'value';

  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedPhrase(issue.expected);
      return missing ? `missing required ${fieldName} (expected ${expected})` : `expected ${expected}${got}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map(formatPrimitive);
      const expected = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
      if (missing) return `missing required ${fieldName} (expected ${expected})`;
      return `must be ${expected}${got}${spellingHint(value, issue.values)}`;
    }
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && options !== undefined) {
        const allowed = options.map(formatPrimitive).join(', ');
        if (missing) return `missing required ${fieldName} (one of ${allowed})`;
        return `must be one of ${allowed}${got}${spellingHint(value, options)}`;
      }
      if (issue.errors.length === 0) return 'fits more than one of the allowed forms; make it fit exactly one';
      const alternatives: string[] = [];
      for (const branch of issue.errors) {
        for (const nested of branch) {
          const phrases =
            nested.code === 'invalid_type'
              ? [expectedPhrase(nested.expected)]
              : nested.code === 'invalid_value'
                ? nested.values.map(formatPrimitive)
                : [];
          for (const phrase of phrases) if (!alternatives.includes(phrase)) alternatives.push(phrase);
        }
      }
      if (alternatives.length === 0) return `is not valid${got}`;
      const expected = joinOr(alternatives);
      return missing ? `missing required ${fieldName} (expected ${expected})` : `expected ${expected}${got}`;
    }
    case 'too_small':
      return boundMessage(
        'small',
        issue.origin,
        issue.minimum,
        issue.inclusive ?? true,
        issue.exact ?? false,
        value,
        showGot,
      );
    case 'too_big':
      return boundMessage(
        'big',
        issue.origin,
        issue.maximum,
        issue.inclusive ?? true,
        issue.exact ?? false,
        value,
        showGot,
      );
    case 'invalid_format':
      return formatMessage(issue) + (showGot ? `, got ${describeValue(value)}` : '');
    case 'not_multiple_of':
      return (issue.divisor === 1 ? 'must be a whole number' : `must be a multiple of ${issue.divisor}`) + got;
    case 'invalid_key': {
      const key = String(lastSegment);
      const reasons = issue.issues.map((nested) => issueMessage(nested, key, undefined, false));
      return `"${key}" is not allowed as a name here: ${reasons.join('; ')}`;
    }
    case 'invalid_element': {
      const reasons = issue.issues.map((nested) => issueMessage(nested, undefined, undefined, false));
      return `invalid entry: ${reasons.join('; ')}`;
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownFieldMessage(key, undefined)).join('; ');
    case 'custom':
      return `is not valid${got}`;
  }
}

function boundMessage(
  side: 'small' | 'big',
  origin: string,
  bound: number | bigint,
  inclusive: boolean,
  exact: boolean,
  value: unknown,
  showGot: boolean,
): string {
  const atLeast = side === 'small' ? 'at least' : 'at most';
  const beyond = side === 'small' ? 'more than' : 'fewer than';
  const count = (noun: string): string => {
    const n = Number(bound);
    const plural = n === 1 ? noun : `${noun}s`;
    return exact
      ? `exactly ${bound} ${plural}`
      : inclusive
        ? `${atLeast} ${bound} ${plural}`
        : `${beyond} ${bound} ${plural}`;
  };
  switch (origin) {
    case 'array':
    case 'set': {
      const got = showGot && Array.isArray(value) ? `, got ${value.length}` : '';
      return `must have ${count('item')}${got}`;
    }
    case 'string': {
      if (side === 'small' && Number(bound) === 1 && inclusive && !exact) return 'must not be empty';
      const got = showGot && typeof value === 'string' ? `, got ${value.length}` : '';
      return `must be ${count('character')} long${got}`;
    }
    case 'date': {
      const date = new Date(Number(bound)).toISOString().slice(0, 10);
      const relation = side === 'small' ? (inclusive ? 'on or after' : 'after') : inclusive ? 'on or before' : 'before';
      return `must be ${relation} ${date}` + (showGot ? `, got ${describeValue(value)}` : '');
    }
    default: {
      const relation = exact
        ? 'exactly'
        : side === 'small'
          ? inclusive
            ? 'at least'
            : 'greater than'
          : inclusive
            ? 'at most'
            : 'less than';
      return `must be ${relation} ${bound}` + (showGot ? `, got ${describeValue(value)}` : '');
    }
  }
}

function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const detail = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
  switch (issue.format) {
    case 'regex':
      return `must match the pattern ${issue.pattern ?? ''}`;
    case 'starts_with':
      return `must start with "${detail.prefix ?? ''}"`;
    case 'ends_with':
      return `must end with "${detail.suffix ?? ''}"`;
    case 'includes':
      return `must contain "${detail.includes ?? ''}"`;
    case 'date':
      return 'must be an existing date written as YYYY-MM-DD';
    case 'datetime':
      return 'must be a date and time written as YYYY-MM-DDTHH:MM:SS';
    case 'time':
      return 'must be a time written as HH:MM or HH:MM:SS';
    case 'duration':
      return 'must be an ISO 8601 duration such as P1M or P14D';
    case 'email':
      return 'must be an e-mail address';
    case 'url':
      return 'must be a web address (URL)';
    default:
      return `must be a valid ${issue.format}`;
  }
}

const EXPECTED_PHRASES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  null: 'an empty value',
  undefined: 'no value',
  void: 'no value',
  never: 'no value',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  object: 'a mapping of fields',
  record: 'a mapping of fields',
  map: 'a mapping of fields',
  date: 'a date',
  nonoptional: 'a value',
};

function expectedPhrase(expected: string): string {
  return EXPECTED_PHRASES[expected] ?? `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'not-a-number (.nan)';
    if (!Number.isFinite(value)) return value > 0 ? 'infinity (.inf)' : 'minus infinity (-.inf)';
    return `the number ${value}`;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return `the value ${String(value)}`;
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty list' : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  return 'a mapping of fields';
}

function formatPrimitive(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function spellingHint(value: unknown, allowed: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  const suggestion = suggestSpelling(
    value,
    allowed.filter((v): v is string => typeof v === 'string'),
  );
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

function joinOr(phrases: readonly string[]): string {
  return phrases.length <= 1
    ? phrases.join('')
    : `${phrases.slice(0, -1).join(', ')} or ${phrases[phrases.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Paths and values

/** `stages[2].capacity.servers`; keys that are not plain names are quoted: `municipalities["Den Haag"]`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'symbol') text += `[${String(segment)}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || typeof segment === 'symbol') return undefined;
    const key = Array.isArray(value) ? segment : String(segment);
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  // Array.prototype.sort is stable, so diagnostics at one position keep the order they were found in.
  return diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
}

// ---------------------------------------------------------------------------------------------------------
// Schema walking, for the list of allowed fields. zod's final issues do not carry the object's shape, so
// we follow the issue's path through the schema. Only the `_zod.def` structure is used, so this works for
// any zod 4 schema; wrappers, unions and lazy schemas are looked through.

interface SchemaNode {
  _zod: { def: unknown };
}

interface LooseDef {
  type: string;
  innerType?: SchemaNode;
  in?: SchemaNode;
  out?: SchemaNode;
  options?: SchemaNode[];
  getter?: () => SchemaNode;
  left?: SchemaNode;
  right?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  element?: SchemaNode;
  items?: SchemaNode[];
  rest?: SchemaNode | null;
  valueType?: SchemaNode;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'catch',
  'readonly',
  'nonoptional',
  'success',
  'promise',
]);

function defOf(schema: SchemaNode): LooseDef {
  return schema._zod.def as LooseDef;
}

/** The concrete schemas a (possibly wrapped, union or lazy) schema stands for. */
function expand(schema: SchemaNode, out: SchemaNode[], depth = 0): void {
  if (depth > 32) return; // a lazy schema that only refers to itself
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) expand(def.innerType, out, depth + 1);
  else if (def.type === 'lazy' && def.getter) expand(def.getter(), out, depth + 1);
  else if (def.type === 'union' && def.options) for (const option of def.options) expand(option, out, depth + 1);
  else if (def.type === 'intersection' && def.left && def.right) {
    expand(def.left, out, depth + 1);
    expand(def.right, out, depth + 1);
  } else if (def.type === 'pipe' && def.in && def.out) {
    expand(def.in, out, depth + 1);
    expand(def.out, out, depth + 1);
  } else out.push(schema);
}

function childSchemas(schema: SchemaNode, segment: PropertyKey): SchemaNode[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const child = typeof segment === 'string' && def.shape ? def.shape[segment] : undefined;
      return child ? [child] : [];
    }
    case 'array':
    case 'set':
      return def.element ? [def.element] : [];
    case 'tuple': {
      const child = typeof segment === 'number' ? (def.items?.[segment] ?? def.rest) : undefined;
      return child ? [child] : [];
    }
    case 'record':
    case 'map':
      return def.valueType ? [def.valueType] : [];
    default:
      return [];
  }
}

function allowedKeysAt(
  root: z.core.$ZodType,
  path: readonly PropertyKey[],
  document: unknown,
  unknownKeys: readonly string[],
): string[] | undefined {
  let schemas: SchemaNode[] = [];
  expand(root, schemas);
  for (const segment of path) {
    const next: SchemaNode[] = [];
    for (const schema of schemas) for (const child of childSchemas(schema, segment)) expand(child, next);
    schemas = next;
  }
  const shapes = schemas
    .map((schema) => defOf(schema))
    .filter((def) => def.type === 'object' && def.shape !== undefined)
    .map((def) => Object.keys(def.shape ?? {}));
  if (shapes.length === 0) return undefined;
  // Of a union's object forms, the ones that accept every other field given here are the ones meant.
  const value = valueAt(document, path);
  const unknown = new Set(unknownKeys);
  const given = value !== null && typeof value === 'object' ? Object.keys(value).filter((k) => !unknown.has(k)) : [];
  const fitting = shapes.filter((keys) => given.every((key) => keys.includes(key)));
  const keys = new Set((fitting.length > 0 ? fitting : shapes).flat());
  return [...keys].sort();
}

// ---------------------------------------------------------------------------------------------------------
// YAML tree helpers

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] | null } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function resolveAlias(node: unknown, doc: Document): unknown {
  return isAlias(node) ? (node.resolve(doc) ?? node) : node;
}

interface DuplicateKey {
  key: string;
  path: PropertyKey[];
  firstOffset: number;
}

/** Every repeated mapping key, by the offset yaml reports it at, with its field path and its first use. */
function duplicateKeysByOffset(doc: Document): Map<number, DuplicateKey> {
  const found = new Map<number, DuplicateKey>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (isMap(node)) {
      const firstByKey = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair) || pair.key === null || pair.key === undefined) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const offset = rangeStart(pair.key);
        const first = firstByKey.get(key);
        if (first !== undefined && offset !== undefined)
          found.set(offset, { key, path: [...path, key], firstOffset: first });
        else if (offset !== undefined) firstByKey.set(key, offset);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    }
  };
  walk(doc.contents, []);
  return found;
}

function unresolvedAliases(doc: Document): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      if (node.resolve(doc) === undefined) found.push({ name: node.source, offset: rangeStart(node) ?? 0 });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  return found;
}

interface Unclosed {
  kind: 'quote' | 'list' | 'mapping';
  opener: string;
  closer: string;
  offset: number;
}

/** For yaml's "missing closing quote / bracket" errors, the quoted text or flow collection concerned. */
function unclosedQuoteOrBracket(doc: Document, error: YAMLError): Unclosed | undefined {
  const at = error.pos[0];
  const wantsQuote = error.code === 'MISSING_CHAR' && /quote/.test(error.message);
  const closer = /end with an? ([\]}])$/.exec(error.message)?.[1];
  if (!wantsQuote && closer === undefined) return undefined;
  let found: Unclosed | undefined;
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const start = rangeStart(node);
    if (isScalar(node)) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (wantsQuote && quoted && start !== undefined && node.range?.[1] === at) {
        const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
        found = { kind: 'quote', opener: quote, closer: quote, offset: start };
      }
    } else if (isMap(node) || isSeq(node)) {
      const isList = isSeq(node);
      // The latest-starting flow collection of the right kind before the error is the one left open.
      if (
        closer !== undefined &&
        node.flow === true &&
        start !== undefined &&
        start < at &&
        (closer === ']') === isList
      ) {
        if (found === undefined || start > found.offset) {
          found = isList
            ? { kind: 'list', opener: '[', closer: ']', offset: start }
            : { kind: 'mapping', opener: '{', closer: '}', offset: start };
        }
      }
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else {
          walk(item);
        }
      }
    }
  };
  walk(doc.contents);
  return found;
}

const YAML_HINTS: Partial<Record<string, string>> = {
  BAD_INDENT: 'check the indentation: fields of one mapping start in the same column, indented with spaces',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs',
  BLOCK_AS_IMPLICIT_KEY:
    'after "name:" on one line there can be only a value; put nested fields on their own indented lines, or quote text that contains ": "',
  MULTILINE_IMPLICIT_KEY: 'a field name must fit on one line; look for a missing ":" or an unclosed quote just before',
  BAD_SCALAR_START: 'text starting with this character must be put in quotes',
  MISSING_CHAR: 'a quoted text or a [list] / {mapping} written on one line must be closed',
  UNEXPECTED_TOKEN: 'look for a stray character, a missing ":" or wrong indentation',
  MULTIPLE_ANCHORS: 'give a value at most one &anchor',
  MULTIPLE_TAGS: 'give a value at most one !tag',
  KEY_OVER_1024_CHARS: 'shorten the field name',
};

function yamlErrorMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') {
    return 'the file holds more than one YAML document (a line "---" starts another one); keep one document per file';
  }
  if (error.code === 'DUPLICATE_KEY') return 'duplicate field; keep only one of the two';
  const text = error.message.charAt(0).toLowerCase() + error.message.slice(1);
  const hint = YAML_HINTS[error.code];
  return hint === undefined ? text : `${text} (${hint})`;
}
