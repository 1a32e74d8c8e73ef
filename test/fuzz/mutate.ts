// Bad-input testing, mutations: what fast-check draws to break a file, as small readable descriptions that
// shrink well (fewer mutations, earlier positions), and the code that applies them. Two levels:
// - bytes and lines, for any file: delete, duplicate or swap lines, insert bytes (quotes, separators, NUL, a
//   byte-order mark, bytes that are not UTF-8), replace a number by an extreme one or a word by a hostile string,
//   repeat a block (huge counts; numbered, so that keys and ids differ), truncate;
// - a tree of mappings, sequences and scalars, for YAML and JSON files: replace a value, give it the wrong type,
//   delete or duplicate a key, add a key or very many, repeat an item, nest deeply; written back by emitters that
//   can write what a library would refuse to (duplicate keys, NaN, raw text).
import { parseAllDocuments } from 'yaml';
import fc from 'fast-check';
import { boundaryNumber, hostileString } from './values.ts';

/** Mutants are kept below this size (a repeated block is repeated fewer times). */
export const MAX_MUTANT_BYTES = 2 * 1024 * 1024;

// ── bytes and lines ─────────────────────────────────────────────────────────────────────────────────────────

/** Byte sequences to insert, by name (the name is what a counterexample shows). */
export const INSERTS: Record<string, readonly number[]> = {
  quote: [0x22],
  apostrophe: [0x27],
  comma: [0x2c],
  semicolon: [0x3b],
  tab: [0x09],
  nul: [0x00],
  bom: [0xef, 0xbb, 0xbf],
  cr: [0x0d],
  lf: [0x0a],
  crlf: [0x0d, 0x0a],
  hash: [0x23],
  colon: [0x3a, 0x20],
  dash: [0x2d, 0x20],
  lt: [0x3c],
  amp: [0x26],
  cdataEnd: [...Buffer.from(']]>')],
  commentOpen: [...Buffer.from('<!--')],
  brace: [0x7b],
  bracket: [0x5b],
  star: [0x2a],
  backslash: [0x5c],
  'invalid-utf8-ff': [0xff],
  'invalid-utf8-c328': [0xc3, 0x28],
  'utf8-surrogate': [0xed, 0xa0, 0x80],
  'lone-continuation': [0x80],
  'line-separator': [0xe2, 0x80, 0xa8],
  nbsp: [0xc2, 0xa0],
  del: [0x7f],
};

export type ByteMutation =
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'insert'; at: number; bytes: string }
  | { op: 'insert-random'; at: number; bytes: number[] }
  | { op: 'number'; at: number; value: string }
  | { op: 'word'; at: number; value: string }
  | { op: 'delete-bytes'; at: number; length: number }
  | { op: 'repeat-lines'; at: number; lines: number; times: number }
  | { op: 'repeat-numbered'; at: number; lines: number; times: number }
  | { op: 'truncate'; at: number };

const position = fc.nat({ max: 1_000_000 });

/** One mutation of bytes or lines. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), at: position }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ op: fc.constant('swap-lines' as const), a: position, b: position }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      bytes: fc.constantFrom(...Object.keys(INSERTS)),
    }),
  },
  fc.record({
    op: fc.constant('insert-random' as const),
    at: position,
    bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('number' as const), at: position, value: boundaryNumber }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('word' as const), at: position, value: hostileString }) },
  fc.record({ op: fc.constant('delete-bytes' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    op: fc.constant('repeat-lines' as const),
    at: position,
    lines: fc.integer({ min: 1, max: 5 }),
    times: fc.constantFrom(2, 10, 1000, 100_000),
  }),
  fc.record({
    op: fc.constant('repeat-numbered' as const),
    at: position,
    lines: fc.integer({ min: 1, max: 3 }),
    times: fc.constantFrom(10, 1000, 100_000),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
);

/** One to `max` mutations. */
export function byteMutations(max = 4): fc.Arbitrary<ByteMutation[]> {
  return fc.array(byteMutation, { minLength: 1, maxLength: max });
}

/** Bytes as a string of one character per byte (latin1), so that any byte survives the edits. */
const asText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const asBytes = (text: string): Buffer => Buffer.from(text, 'latin1');
/** A string's UTF-8 bytes as one character per byte. */
const utf8AsText = (value: string): string => Buffer.from(value, 'utf8').toString('latin1');

/** The lines of a text, each with its line break (the last may have none). */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The start offsets of the matches of `pattern` in `text`. */
function tokens(text: string, pattern: RegExp): { index: number; length: number }[] {
  return [...text.matchAll(pattern)].map((m) => ({ index: m.index, length: m[0].length }));
}

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;
const WORD_TOKEN = /[A-Za-z_][A-Za-z0-9_-]*/g;

function applyOne(text: string, m: ByteMutation): string {
  const ls = lines(text);
  switch (m.op) {
    case 'delete-line':
      if (ls.length === 0) return text;
      ls.splice(m.at % ls.length, 1);
      return ls.join('');
    case 'duplicate-line': {
      if (ls.length === 0) return text;
      const k = m.at % ls.length;
      ls.splice(k, 0, ls[k].endsWith('\n') ? ls[k] : `${ls[k]}\n`);
      return ls.join('');
    }
    case 'swap-lines': {
      if (ls.length < 2) return text;
      const a = m.a % ls.length;
      const b = m.b % ls.length;
      const withBreak = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
      [ls[a], ls[b]] = [withBreak(ls[b]), withBreak(ls[a])];
      return ls.join('');
    }
    case 'insert':
    case 'insert-random': {
      const bytes = m.op === 'insert' ? (INSERTS[m.bytes] ?? []) : m.bytes;
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + String.fromCharCode(...bytes) + text.slice(at);
    }
    case 'number':
    case 'word': {
      const found = tokens(text, m.op === 'number' ? NUMBER_TOKEN : WORD_TOKEN);
      if (found.length === 0) return text;
      const t = found[m.at % found.length];
      return text.slice(0, t.index) + utf8AsText(m.value) + text.slice(t.index + t.length);
    }
    case 'delete-bytes': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'repeat-lines':
    case 'repeat-numbered': {
      if (ls.length === 0) return text;
      const k = m.at % ls.length;
      let block = ls.slice(k, k + m.lines).join('');
      if (!block.endsWith('\n')) block += '\n';
      const times = Math.max(
        1,
        Math.min(m.times, Math.floor((MAX_MUTANT_BYTES - text.length) / Math.max(1, block.length + 6))),
      );
      // Numbered: the first word of each line gets the repetition's number, so that keys, ids and names differ.
      const copies =
        m.op === 'repeat-lines'
          ? block.repeat(times)
          : Array.from({ length: times }, (_, i) =>
              block.replace(/^([^A-Za-z_\n]*)([A-Za-z_][A-Za-z0-9_-]*)/gm, `$1$2${i}`),
            ).join('');
      return ls.slice(0, k).join('') + copies + ls.slice(k + m.lines).join('');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

/** `bytes` with the mutations applied in order. */
export function applyByteMutations(bytes: Uint8Array | string, mutations: readonly ByteMutation[]): Buffer {
  let text = typeof bytes === 'string' ? utf8AsText(bytes) : asText(bytes);
  for (const m of mutations) text = applyOne(text, m);
  return asBytes(text);
}

// ── trees (YAML, JSON) ──────────────────────────────────────────────────────────────────────────────────────

/** A document: mappings keep duplicate keys and their order; a scalar is a string, a number's text or raw text. */
export type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { str: string } | { num: string } | { raw: string };

/** The tree of a plain value (as a YAML or JSON parser gives it). */
export function treeOf(value: unknown): Tree {
  if (Array.isArray(value)) return { seq: value.map(treeOf) };
  if (value instanceof Date) return { str: value.toISOString().slice(0, 10) };
  if (value !== null && typeof value === 'object')
    return { map: Object.entries(value).map(([k, v]) => [k, treeOf(v)]) };
  if (typeof value === 'number') return { num: String(value) };
  if (typeof value === 'boolean' || value === null || value === undefined) return { raw: String(value ?? 'null') };
  return { str: String(value) };
}

/** The tree of a YAML text (its first document), or undefined when it does not parse. */
export function yamlTree(text: string): Tree | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0 || docs[0].errors.length > 0) return undefined;
  return treeOf(docs[0].toJS());
}

/** A text for a leaf: a hostile string, a boundary number, or raw text (nesting too deep, NaN in JSON, an alias bomb). */
export type Leaf = { str: string } | { num: string } | { raw: string };

/** Nested flow sequences `[[[…]]]`, `depth` deep. */
export const deepFlow = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** YAML that expands to 10^levels nodes through aliases ("billion laughs"). */
export function aliasBomb(levels: number): string {
  const parts = ['&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    parts.push(
      `&l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `[${parts.join(', ')}]`;
}

const RAW_LEAVES = [
  'null',
  '~',
  'true',
  'false',
  '{}',
  '[]',
  deepFlow(200),
  deepFlow(20_000),
  aliasBomb(9),
  'NaN',
  '*undefined',
  '&a x',
  '!!binary AAAA',
  '!!float x',
  '!!int 1.5',
  '"unterminated',
  '{a: 1, a: 2}',
  '2025-02-30',
  '2025-13-01',
  '0000-01-01',
  '9999-12-31',
  '2025-01-01T25:00:00Z',
];

export const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  { weight: 3, arbitrary: boundaryNumber.map((num) => ({ num })) },
  { weight: 3, arbitrary: hostileString.map((str) => ({ str })) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_LEAVES).map((raw) => ({ raw })) },
);

export type TreeMutation =
  | { op: 'leaf'; at: number; value: Leaf }
  | { op: 'type'; at: number; to: 'map' | 'seq' | 'str' | 'num' | 'null' }
  | { op: 'delete'; at: number }
  | { op: 'duplicate-key'; at: number }
  | { op: 'add-key'; at: number; key: string; value: Leaf }
  | { op: 'repeat-item'; at: number; times: number }
  | { op: 'add-keys'; at: number; count: number }
  | { op: 'deepen'; at: number; depth: number };

export const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('leaf' as const), at: position, value: leaf }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('type' as const),
      at: position,
      to: fc.constantFrom('map' as const, 'seq' as const, 'str' as const, 'num' as const, 'null' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position }) },
  fc.record({ op: fc.constant('duplicate-key' as const), at: position }),
  fc.record({
    op: fc.constant('add-key' as const),
    at: position,
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'x', 'servers', 'file', '<<'), hostileString),
    value: leaf,
  }),
  fc.record({ op: fc.constant('repeat-item' as const), at: position, times: fc.constantFrom(2, 50, 5000) }),
  fc.record({ op: fc.constant('add-keys' as const), at: position, count: fc.constantFrom(10, 1000, 50_000) }),
  fc.record({ op: fc.constant('deepen' as const), at: position, depth: fc.constantFrom(2, 30, 150) }),
);

export function treeMutations(max = 4): fc.Arbitrary<TreeMutation[]> {
  return fc.array(treeMutation, { minLength: 1, maxLength: max });
}

/** Every node in pre-order with a setter that replaces it (the root's setter replaces the whole tree). */
function nodes(root: { tree: Tree }): { node: Tree; set: (t: Tree) => void }[] {
  const out: { node: Tree; set: (t: Tree) => void }[] = [];
  const visit = (node: Tree, set: (t: Tree) => void): void => {
    out.push({ node, set });
    if ('map' in node) node.map.forEach((entry) => visit(entry[1], (t) => (entry[1] = t)));
    else if ('seq' in node) node.seq.forEach((item, i) => visit(item, (t) => (node.seq[i] = t)));
  };
  visit(root.tree, (t) => (root.tree = t));
  return out;
}

/** The containers (mappings and sequences) of the tree. */
function containers(tree: Tree): ({ map: [string, Tree][] } | { seq: Tree[] })[] {
  return nodes({ tree })
    .map((n) => n.node)
    .filter((n): n is { map: [string, Tree][] } | { seq: Tree[] } => 'map' in n || 'seq' in n);
}

const clone = (tree: Tree): Tree => structuredClone(tree);

function wrongType(to: 'map' | 'seq' | 'str' | 'num' | 'null', was: Tree): Tree {
  switch (to) {
    case 'map':
      return { map: [['value', was]] };
    case 'seq':
      return { seq: [was] };
    case 'str':
      return { str: 'not-a-value' };
    case 'num':
      return { num: '42' };
    case 'null':
      return { raw: 'null' };
  }
}

/** Size of a tree in nodes, to keep repeated items within MAX_MUTANT_BYTES (roughly). */
function weight(tree: Tree): number {
  return nodes({ tree }).length;
}

function applyTreeMutation(root: { tree: Tree }, m: TreeMutation): void {
  const all = nodes(root);
  const target = all[m.at % all.length];
  switch (m.op) {
    case 'leaf':
      target.set(m.value);
      return;
    case 'type':
      target.set(wrongType(m.to, target.node));
      return;
    case 'deepen': {
      let t = target.node;
      for (let i = 0; i < m.depth; i++) t = i % 2 === 0 ? { seq: [t] } : { map: [['nested', t]] };
      target.set(t);
      return;
    }
  }
  const boxes = containers(root.tree);
  if (boxes.length === 0) return;
  const box = boxes[m.at % boxes.length];
  const items: unknown[] = 'map' in box ? box.map : box.seq;
  if (items.length === 0 && m.op !== 'add-key' && m.op !== 'add-keys') return;
  const k = m.at % Math.max(1, items.length);
  switch (m.op) {
    case 'delete':
      items.splice(k, 1);
      return;
    case 'duplicate-key':
      items.splice(k + 1, 0, structuredClone(items[k]));
      return;
    case 'add-key':
      if ('map' in box) box.map.push([m.key, m.value]);
      else box.seq.push({ map: [[m.key, m.value]] });
      return;
    case 'add-keys': {
      // Many different keys (k0, k1, …): what costs a check of every key against every other.
      const entries = Array.from({ length: m.count }, (_, i): [string, Tree] => [`k${i}`, { num: String(i) }]);
      if ('map' in box) box.map.push(...entries);
      else box.seq.push({ map: entries });
      return;
    }
    case 'repeat-item': {
      const item = items[k] as Tree | [string, Tree];
      const size = weight(Array.isArray(item) ? item[1] : item);
      const times = Math.max(1, Math.min(m.times, Math.floor(50_000 / size)));
      items.splice(k + 1, 0, ...Array.from({ length: times - 1 }, () => structuredClone(item)));
      return;
    }
  }
}

/** A copy of `tree` with the mutations applied in order. */
export function applyTreeMutations(tree: Tree, mutations: readonly TreeMutation[]): Tree {
  const root = { tree: clone(tree) };
  for (const m of mutations) applyTreeMutation(root, m);
  return root.tree;
}

// ── emitters ────────────────────────────────────────────────────────────────────────────────────────────────

const PLAIN_YAML = /^[A-Za-z0-9_][A-Za-z0-9_ ./+-]*$/;
const YAML_SPECIAL =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\.inf|\.nan|\d[\d_.eE+-]*|0x[\da-f]+|0o[0-7]+))$/i;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted (JSON escapes are YAML escapes). */
function yamlString(s: string): string {
  return PLAIN_YAML.test(s) && !s.endsWith(' ') && !YAML_SPECIAL.test(s) ? s : JSON.stringify(s);
}

function yamlKey(k: string): string {
  return /^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k);
}

function yamlScalar(t: Tree): string | undefined {
  if ('str' in t) return yamlString(t.str);
  if ('num' in t) return t.num === '' ? '""' : t.num;
  if ('raw' in t) return t.raw;
  if ('map' in t && t.map.length === 0) return '{}';
  if ('seq' in t && t.seq.length === 0) return '[]';
  return undefined;
}

/** The tree as block-style YAML (so that every value has its own line and column to be reported at). */
export function toYaml(tree: Tree, indent = 0): string {
  const pad = ' '.repeat(indent);
  const scalar = yamlScalar(tree);
  if (scalar !== undefined) return `${pad}${scalar}\n`;
  let out = '';
  if ('map' in tree) {
    for (const [k, v] of tree.map) {
      const s = yamlScalar(v);
      out += s !== undefined ? `${pad}${yamlKey(k)}: ${s}\n` : `${pad}${yamlKey(k)}:\n${toYaml(v, indent + 2)}`;
    }
  } else if ('seq' in tree) {
    for (const item of tree.seq) {
      const s = yamlScalar(item);
      out += s !== undefined ? `${pad}- ${s}\n` : `${pad}-\n${toYaml(item, indent + 2)}`;
    }
  }
  return out;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** The tree as JSON (2-space indented), duplicate keys kept; a number that JSON cannot write becomes a string. */
export function toJson(tree: Tree, indent = 0): string {
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if ('str' in tree) return JSON.stringify(tree.str);
  if ('num' in tree) return JSON_NUMBER.test(tree.num) ? tree.num : JSON.stringify(tree.num);
  if ('raw' in tree) return tree.raw;
  if ('map' in tree) {
    if (tree.map.length === 0) return '{}';
    return `{\n${tree.map.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${toJson(v, indent + 1)}`).join(',\n')}\n${end}}`;
  }
  if (tree.seq.length === 0) return '[]';
  return `[\n${tree.seq.map((v) => `${pad}${toJson(v, indent + 1)}`).join(',\n')}\n${end}]`;
}
