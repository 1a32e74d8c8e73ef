// A small streaming XML tokenizer for the event-log readers (XES, OCEL 2.0 XML): no DOM, no dependency. Text is
// pushed in chunks of any size; constructs split across chunk boundaries are kept until they are complete.
// It reports start tags (with attributes), end tags and character data, decodes the predefined and numeric
// entities, skips comments, processing instructions and the DOCTYPE, passes CDATA through as text, checks that
// end tags match, and locates every error as `file:line:col: what is wrong` (InputError with a Diagnostic).
// Columns count UTF-16 code units from 1. Namespaces, DTD entity declarations and encodings other than UTF-8
// are not supported: entities declared in a DOCTYPE are never expanded, so a reference to one is an error.
//
// Hostile input is refused with a located error, in bounded memory: bytes that are not UTF-8, characters that
// XML 1.0 does not allow (also as character references), elements nested deeper than MAX_XML_DEPTH, a tag,
// text, comment or CDATA section longer than MAX_XML_TOKEN characters, more than MAX_XML_ATTRIBUTES attributes
// in one tag, and gzip-compressed files that decompress to more than the limit (GUNZIP_LIMIT by default).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError, shortText } from '../core/diagnostics.ts';
import { firstInvalidUtf8, formatByteLimit, readFailureMessage } from '../core/read-file.ts';

/** Elements nested deeper than this are refused (XES nests attributes a few levels; OCEL 2.0 XML five). */
export const MAX_XML_DEPTH = 256;
/** The longest tag, run of text, comment, CDATA section or DOCTYPE, in characters (16 Mi). */
export const MAX_XML_TOKEN = 1 << 24;
/** The most attributes one start tag may have. */
export const MAX_XML_ATTRIBUTES = 64;
/** The most bytes a gzip-compressed file may decompress to (16 GiB): beyond it the file is refused. */
export const GUNZIP_LIMIT = 16 * 2 ** 30;

/**
 * The element and attribute names of XES (IEEE 1849) and OCEL 2.0 XML. While identifiers are pseudonymised a
 * message quotes only these names: in a damaged file a value can stand where a name should (`</V4000000001>`),
 * and a value may be an identifier that must not be shown.
 */
const KNOWN_XML_NAMES = new Set([
  'log',
  'trace',
  'event',
  'string',
  'date',
  'int',
  'float',
  'boolean',
  'id',
  'list',
  'container',
  'values',
  'global',
  'extension',
  'classifier',
  'key',
  'value',
  'name',
  'prefix',
  'uri',
  'scope',
  'keys',
  'xes.version',
  'xes.features',
  'openxes.version',
  'xmlns',
  'object-types',
  'object-type',
  'event-types',
  'event-type',
  'attributes',
  'attribute',
  'objects',
  'object',
  'events',
  'relationships',
  'relationship',
  'type',
  'time',
  'object-id',
  'qualifier',
]);

/** `name` as a message shows it: as it is, or (quoteNames false) only when it is an XES or OCEL name, else `…`. */
export function shownXmlName(name: string, quoteNames: boolean): string {
  return quoteNames || KNOWN_XML_NAMES.has(name) ? shortText(name) : '…';
}

/** Characters that XML 1.0 does not allow (lone surrogates cannot come out of UTF-8 decoding). */
// eslint-disable-next-line no-control-regex -- finding the control characters that XML forbids is the point
const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function isXmlCharCode(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The attributes of one start tag. The tokenizer reuses one instance for every tag, so read what you need
 * during `open` and keep no reference to it.
 */
export class XmlAttributes {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(name: string): string | undefined {
    for (let i = 0; i < this.count; i++) if (this.names[i] === name) return this.values[i];
    return undefined;
  }

  /** The attributes in document order, as a new array. */
  entries(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < this.count; i++) out.push([this.names[i], this.values[i]]);
    return out;
  }

  /** @internal used by the tokenizer */
  reset(): void {
    this.count = 0;
  }

  /** @internal used by the tokenizer */
  add(name: string, value: string): void {
    this.names[this.count] = name;
    this.values[this.count] = value;
    this.count++;
  }
}

export interface XmlHandler {
  /** A start tag (or a self-closing tag, which is followed at once by `close`). */
  open(name: string, attributes: XmlAttributes, line: number, col: number): void;
  close(name: string, line: number, col: number): void;
  /** Character data between tags (entities decoded, CDATA as is); whitespace-only text is included. */
  text?(text: string, line: number, col: number): void;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const EQ = 61;
const QUOT = 34;
const APOS = 39;
const AMP = 38;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Name characters end at whitespace or at one of `/ > = < " '` (a table: this test runs for every character). */
const NAME_END = new Uint8Array(128);
for (const c of [32, 10, 9, 13, SLASH, GT, EQ, LT, QUOT, APOS]) NAME_END[c] = 1;
function isNameEnd(c: number): boolean {
  return c < 128 && NAME_END[c] === 1;
}

export function xmlError(file: string, line: number, col: number, message: string): InputError {
  return new InputError([{ file, line, col, path: '', message }]);
}

export class XmlTokenizer {
  readonly file: string;
  private readonly handler: XmlHandler;
  private buf = '';
  /** Absolute offset (in the whole document) of buf[0]. */
  private base = 0;
  /**
   * Line bookkeeping, all offsets absolute: `line` starts at `lineStart`; `nextNewline` is the next newline
   * after it, -1 when it must be searched for from `scanFrom`, or Infinity when buf holds none (yet). Caching
   * it keeps locating the many elements of one long line from rescanning that line.
   */
  private line = 1;
  private lineStart = 0;
  private nextNewline = -1;
  private scanFrom = 0;
  private readonly stack: { name: string; line: number; col: number }[] = [];
  private seenRoot = false;
  private readonly attributes = new XmlAttributes();

  /** Quote element and attribute names of any kind in messages (false while identifiers are pseudonymised). */
  private readonly quoteNames: boolean;

  constructor(file: string, handler: XmlHandler, quoteNames = true) {
    this.file = file;
    this.handler = handler;
    this.quoteNames = quoteNames;
  }

  /** An element or attribute name as messages show it (shownXmlName). */
  private shown(name: string): string {
    return shownXmlName(name, this.quoteNames);
  }

  /** An entity as messages show it: a character reference or predefined entity always, others only when quoting names. */
  private shownEntity(ent: string): string {
    return this.quoteNames || /^(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|amp|lt|gt|quot|apos)$/.test(ent) ? `&${ent};` : '&…;';
  }

  /** Column of the last `locate` (1-based). */
  private col = 1;

  /** Sets `line` and `col` to the position of absolute offset `abs` (not before an earlier call's offset). */
  private locate(abs: number): void {
    for (;;) {
      if (this.nextNewline < 0) {
        const k = this.buf.indexOf('\n', this.scanFrom - this.base);
        if (k < 0) {
          this.scanFrom = this.base + this.buf.length;
          this.nextNewline = Infinity;
        } else this.nextNewline = this.base + k;
      }
      if (this.nextNewline >= abs) break;
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.scanFrom = this.lineStart;
      this.nextNewline = -1;
    }
    this.col = abs - this.lineStart + 1;
  }

  private fail(index: number, message: string): never {
    this.locate(this.base + index);
    const line = this.line;
    const col = this.col;
    throw xmlError(this.file, line, col, message);
  }

  /** Where the text pushed so far ends (for errors about the input itself, such as a corrupt compression). */
  position(): { line: number; col: number } {
    this.locate(this.base + this.buf.length);
    return { line: this.line, col: this.col };
  }

  write(chunk: string): void {
    const from = this.buf.length;
    this.buf = from === 0 ? chunk : this.buf + chunk;
    if (this.nextNewline === Infinity) this.nextNewline = -1; // the new text may hold one
    const bad = chunk.search(NOT_XML_CHAR);
    if (bad >= 0) {
      const code = chunk.charCodeAt(bad);
      this.fail(
        from + bad,
        `a character that XML 1.0 does not allow (${hex(code)}${code < 0x20 ? ', a control character' : ''}); remove it or replace it`,
      );
    }
    const used = this.parse(false);
    this.locate(this.base + used);
    if (this.buf.length - used > MAX_XML_TOKEN) this.tooLong(used);
    this.buf = this.buf.slice(used);
    this.base += used;
  }

  /** Fails for the construct at buf[i], longer than MAX_XML_TOKEN (whether complete or not). */
  private tooLong(i: number): never {
    const what = this.tokenName(i);
    const hint = what.startsWith('a tag') ? "; is a quote or '>' missing?" : '';
    return this.fail(i, `${what} is longer than ${MAX_XML_TOKEN} characters, more than any event log needs${hint}`);
  }

  /** What the construct at buf[i] is, for the message about its length. */
  private tokenName(i: number): string {
    const buf = this.buf;
    if (buf.charCodeAt(i) !== LT) return 'a run of text';
    if (buf.startsWith('<!--', i)) return 'a comment';
    if (buf.startsWith('<![CDATA[', i)) return 'a CDATA section';
    if (buf.startsWith('<!', i)) return 'a DOCTYPE';
    if (buf.startsWith('<?', i)) return 'a processing instruction';
    return 'a tag (with its attribute values)';
  }

  end(): void {
    const used = this.parse(true);
    if (used < this.buf.length) this.fail(used, 'the file ends inside a tag, comment or CDATA section; complete it');
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.locate(this.base + this.buf.length);
      const line = this.line;
      const col = this.col;
      throw xmlError(
        this.file,
        line,
        col,
        `the file ends before <${this.shown(open.name)}> (opened at ${open.line}:${open.col}) is closed; add </${this.shown(open.name)}>`,
      );
    }
    if (!this.seenRoot) this.fail(0, 'the file holds no XML element; is it empty or not XML?');
  }

  /** Parses as much of buf as is complete; returns the number of characters consumed. */
  private parse(final: boolean): number {
    const buf = this.buf;
    const n = buf.length;
    const handler = this.handler;
    let i = 0;
    while (i < n) {
      if (buf.charCodeAt(i) !== LT) {
        let j = buf.indexOf('<', i);
        if (j < 0) {
          if (!final) return i;
          j = n;
        }
        if (j - i > MAX_XML_TOKEN) this.tooLong(i);
        if (this.stack.length === 0) {
          if (buf.slice(i, j).trim() !== '') this.fail(i, 'text outside the root element; remove it');
        } else if (handler.text !== undefined) {
          const raw = buf.slice(i, j);
          this.locate(this.base + i);
          const line = this.line;
          const col = this.col;
          handler.text(raw.indexOf('&') < 0 ? raw : this.decode(raw, i), line, col);
        }
        i = j;
        continue;
      }
      if (i + 1 >= n) return final ? this.fail(i, 'the file ends inside a tag; complete it') : i;
      const c1 = buf.charCodeAt(i + 1);
      if (c1 === 63 /* ? */) {
        const j = buf.indexOf('?>', i + 2);
        if (j < 0) return final ? this.fail(i, 'unclosed processing instruction; end it with ?>') : i;
        i = j + 2;
        continue;
      }
      if (c1 === 33 /* ! */) {
        if (!final && n - i < 9) return i;
        if (buf.startsWith('<!--', i)) {
          const j = buf.indexOf('-->', i + 4);
          if (j < 0) return final ? this.fail(i, 'unclosed comment; end it with -->') : i;
          i = j + 3;
          continue;
        }
        if (buf.startsWith('<![CDATA[', i)) {
          const j = buf.indexOf(']]>', i + 9);
          if (j < 0) return final ? this.fail(i, 'unclosed CDATA section; end it with ]]>') : i;
          if (this.stack.length === 0) this.fail(i, 'CDATA outside the root element; remove it');
          if (handler.text !== undefined) {
            this.locate(this.base + i);
            const line = this.line;
            const col = this.col;
            handler.text(buf.slice(i + 9, j), line, col);
          }
          i = j + 3;
          continue;
        }
        if (buf.startsWith('<!DOCTYPE', i)) {
          const bracket = buf.indexOf('[', i);
          const gt = buf.indexOf('>', i);
          let j: number;
          if (bracket >= 0 && (gt < 0 || bracket < gt)) {
            const close = buf.indexOf(']', bracket);
            j = close < 0 ? -1 : buf.indexOf('>', close);
          } else j = gt;
          if (j < 0) return final ? this.fail(i, 'unclosed DOCTYPE; end it with >') : i;
          i = j + 1;
          continue;
        }
        this.fail(i, "unknown markup after '<!'; expected a comment <!-- -->, <![CDATA[ ]]> or <!DOCTYPE>");
      }
      if (c1 === SLASH) {
        const j = buf.indexOf('>', i + 2);
        if (j < 0) return final ? this.fail(i, 'unclosed end tag; end it with >') : i;
        const name = buf.slice(i + 2, j).trimEnd();
        const top = this.stack.pop();
        if (top === undefined) this.fail(i, `end tag </${this.shown(name)}> without a matching start tag; remove it`);
        if (top.name !== name) {
          this.fail(
            i,
            `end tag </${this.shown(name)}> does not match <${this.shown(top.name)}> opened at ${top.line}:${top.col}; write </${this.shown(top.name)}>`,
          );
        }
        this.locate(this.base + i);
        const line = this.line;
        const col = this.col;
        handler.close(name, line, col);
        i = j + 1;
        continue;
      }
      const next = this.startTag(i, final);
      if (next < 0) return i;
      i = next;
    }
    return i;
  }

  /** Parses the start tag at buf[i] === '<'; returns the index after it, or -1 when it is not complete yet. */
  private startTag(start: number, final: boolean): number {
    const buf = this.buf;
    const n = buf.length;
    let i = start + 1;
    while (i < n && !isNameEnd(buf.charCodeAt(i))) i++;
    if (i >= n)
      return final
        ? this.fail(
            start,
            `the file ends inside the start tag <${this.shown(buf.slice(start + 1, start + 41))}>; complete it`,
          )
        : -1;
    if (i === start + 1) this.fail(start, "'<' not followed by an element name; write &lt; for a literal '<'");
    const name = buf.slice(start + 1, i);
    const attributes = this.attributes;
    attributes.reset();
    for (;;) {
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n)
        return final ? this.fail(start, `the file ends inside the start tag <${this.shown(name)}>; complete it`) : -1;
      const c = buf.charCodeAt(i);
      if (c === GT || c === SLASH) {
        let selfClosing = false;
        if (c === SLASH) {
          if (i + 1 >= n)
            return final ? this.fail(start, `the file ends inside <${this.shown(name)}>; complete it`) : -1;
          if (buf.charCodeAt(i + 1) !== GT) this.fail(i, `expected '/>' to close <${this.shown(name)}>`);
          selfClosing = true;
          i++;
        }
        if (this.stack.length === 0 && this.seenRoot)
          this.fail(start, `a second root element <${this.shown(name)}>; an XML file has one`);
        this.seenRoot = true;
        this.locate(this.base + start);
        const line = this.line;
        const col = this.col;
        if (!selfClosing && this.stack.length >= MAX_XML_DEPTH) {
          this.fail(
            start,
            `elements are nested more than ${MAX_XML_DEPTH} deep here, deeper than any event log; is this file an event log?`,
          );
        }
        this.handler.open(name, attributes, line, col);
        if (selfClosing) this.handler.close(name, line, col);
        else this.stack.push({ name, line, col });
        if (i + 1 - start > MAX_XML_TOKEN) this.tooLong(start);
        return i + 1;
      }
      if (c === LT) this.fail(i, `'<' inside the start tag <${this.shown(name)}>; is a '>' missing?`);
      const nameStart = i;
      while (i < n && !isNameEnd(buf.charCodeAt(i))) i++;
      if (i >= n)
        return final ? this.fail(start, `the file ends inside the start tag <${this.shown(name)}>; complete it`) : -1;
      if (i === nameStart)
        this.fail(i, `unexpected '${buf[i]}' in the start tag <${this.shown(name)}>; expected an attribute name`);
      const attr = buf.slice(nameStart, i);
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n)
        return final ? this.fail(start, `the file ends inside the start tag <${this.shown(name)}>; complete it`) : -1;
      if (buf.charCodeAt(i) !== EQ)
        this.fail(
          i,
          `attribute ${this.shown(attr)} of <${this.shown(name)}> has no value; write ${this.shown(attr)}="…"`,
        );
      i++;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n)
        return final ? this.fail(start, `the file ends inside the start tag <${this.shown(name)}>; complete it`) : -1;
      const quote = buf.charCodeAt(i);
      if (quote !== QUOT && quote !== APOS) {
        this.fail(
          i,
          `the value of attribute ${this.shown(attr)} of <${this.shown(name)}> is not quoted; write ${this.shown(attr)}="…"`,
        );
      }
      // One pass over the value: find the closing quote, refuse '<', note whether there are entities to decode.
      let close = i + 1;
      let entities = false;
      for (; close < n; close++) {
        const v = buf.charCodeAt(close);
        if (v === quote) break;
        if (v === LT)
          this.fail(
            close,
            `'<' in the value of attribute ${this.shown(attr)} of <${this.shown(name)}>; write &lt; (or close the quote)`,
          );
        if (v === AMP) entities = true;
      }
      if (close >= n) {
        if (final)
          this.fail(
            i,
            `the value of attribute ${this.shown(attr)} of <${this.shown(name)}> is never closed; add the closing quote`,
          );
        return -1;
      }
      if (attributes.get(attr) !== undefined)
        this.fail(nameStart, `attribute ${this.shown(attr)} appears twice in <${this.shown(name)}>; keep one`);
      if (attributes.size >= MAX_XML_ATTRIBUTES)
        this.fail(
          nameStart,
          `<${this.shown(name)}> has more than ${MAX_XML_ATTRIBUTES} attributes, more than any event log needs`,
        );
      const raw = buf.slice(i + 1, close);
      attributes.add(attr, entities ? this.decode(raw, i + 1) : raw);
      i = close + 1;
      const after = i < n ? buf.charCodeAt(i) : -1;
      if (after >= 0 && !isSpace(after) && after !== GT && after !== SLASH) {
        this.fail(i, `expected whitespace, '>' or '/>' after attribute ${this.shown(attr)} of <${this.shown(name)}>`);
      }
    }
  }

  /** Decodes entity references in `raw`, which starts at buf[at] (for error positions). */
  private decode(raw: string, at: number): string {
    let out = '';
    let last = 0;
    for (let k = raw.indexOf('&'); k >= 0; k = raw.indexOf('&', last)) {
      const semi = raw.indexOf(';', k + 1);
      if (semi < 0 || semi - k > 12) this.fail(at + k, "'&' that starts no entity; write &amp; for a literal '&'");
      const ent = raw.slice(k + 1, semi);
      let ch: string;
      if (ent === 'amp') ch = '&';
      else if (ent === 'lt') ch = '<';
      else if (ent === 'gt') ch = '>';
      else if (ent === 'quot') ch = '"';
      else if (ent === 'apos') ch = "'";
      else if (ent.charCodeAt(0) === 35 /* # */) {
        const isHex = ent[1] === 'x' || ent[1] === 'X';
        const digits = isHex ? ent.slice(2) : ent.slice(1);
        const valid = isHex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? Number.parseInt(digits, isHex ? 16 : 10) : NaN;
        if (!(code > 0 && code <= 0x10ffff)) this.fail(at + k, `invalid character reference ${this.shownEntity(ent)}`);
        if (!isXmlCharCode(code))
          this.fail(
            at + k,
            `the character reference ${this.shownEntity(ent)} is to a character that XML 1.0 does not allow; remove it`,
          );
        ch = String.fromCodePoint(code);
      } else {
        this.fail(
          at + k,
          `unknown entity ${this.shownEntity(ent)}, XML knows &amp; &lt; &gt; &quot; &apos; and &#…; (entities declared in a DOCTYPE are not expanded)`,
        );
      }
      out += raw.slice(last, k) + ch;
      last = semi + 1;
    }
    return out + raw.slice(last);
  }
}

export interface XmlReadOptions {
  /** Bytes per read (default 1 MiB); tests use tiny sizes to exercise chunk boundaries. */
  chunkSize?: number;
  /** Called after each chunk has been tokenized; the next read waits for it (readers flush batches here). */
  onChunk?: () => void | Promise<void>;
  /** The most bytes a gzip-compressed file may decompress to (default GUNZIP_LIMIT). */
  maxGunzippedBytes?: number;
  /** Bytes of the file read so far (compressed bytes of a gzip file), after each chunk: for a progress bar. */
  onBytesRead?: (bytes: number) => void;
  /** Quote element and attribute names of any kind in messages (default true; false while pseudonymising). */
  quoteNames?: boolean;
}

/** Length of the longest prefix of `bytes` that ends on a whole UTF-8 character. */
function utf8Boundary(bytes: Buffer): number {
  const length = bytes.length;
  // Step back over at most three continuation bytes (10xxxxxx) to the lead byte of the last character.
  let lead = length - 1;
  while (lead >= 0 && lead > length - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return length;
  const b = bytes[lead];
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size <= length ? length : lead;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes byte chunks as UTF-8 into the tokenizer, keeping a character cut off by a chunk for the next one. */
class Utf8Feed {
  private carried: Buffer = Buffer.alloc(0);
  private first = true;
  private readonly path: string;
  private readonly tokenizer: XmlTokenizer;

  constructor(path: string, tokenizer: XmlTokenizer) {
    this.path = path;
    this.tokenizer = tokenizer;
  }

  push(chunk: Buffer): void {
    const bytes = this.carried.length === 0 ? chunk : Buffer.concat([this.carried, chunk]);
    const whole = utf8Boundary(bytes);
    this.carried = Buffer.from(bytes.subarray(whole));
    this.decode(bytes.subarray(0, whole));
  }

  end(): void {
    if (this.carried.length > 0) this.decode(this.carried);
    this.carried = Buffer.alloc(0);
  }

  private decode(bytes: Buffer): void {
    if (bytes.length === 0) return;
    let text: string;
    try {
      text = utf8Strict.decode(bytes);
    } catch {
      // Hand on the valid text before the bad byte, so that the error is located where the byte is.
      const at = firstInvalidUtf8(bytes);
      this.give(utf8Strict.decode(bytes.subarray(0, at)));
      const { line, col } = this.tokenizer.position();
      throw xmlError(
        this.path,
        line,
        col,
        'the file is not UTF-8 text (a byte here is not valid UTF-8); save it as UTF-8',
      );
    }
    this.give(text);
  }

  private give(text: string): void {
    if (text.length === 0) return;
    // A UTF-8 byte-order mark is not part of the document.
    if (this.first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.first = false;
    if (text.length > 0) this.tokenizer.write(text);
  }
}

/** zlib's error codes, for a located message about a corrupt or truncated gzip file. */
function gzipFailure(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR')
    return `the gzip-compressed file ends early (zlib: ${reason}); it is truncated: copy or download it again`;
  return `the gzip-compressed file is corrupt (zlib: ${reason}); copy or download it again, or check it with gunzip -t`;
}

/**
 * Streams `path` through the tokenizer, reading `chunkSize` bytes at a time; the file is UTF-8 text, or a gzip
 * file of it (told by its first two bytes, whatever its name), decompressed as it streams.
 */
export async function parseXmlFile(path: string, handler: XmlHandler, options: XmlReadOptions = {}): Promise<void> {
  const tokenizer = new XmlTokenizer(path, handler, options.quoteNames ?? true);
  const feed = new Utf8Feed(path, tokenizer);
  const chunkSize = Math.max(1, options.chunkSize ?? 1 << 20);
  const readFailure = (error: unknown): InputError => xmlError(path, 1, 1, readFailureMessage(error));
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw readFailure(error);
  }
  let gzip: boolean;
  let fileBytes = 0;
  try {
    const magic = Buffer.alloc(2);
    let n: number;
    try {
      n = (await file.read(magic, 0, 2, 0)).bytesRead;
    } catch (error) {
      throw readFailure(error);
    }
    gzip = n === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    if (!gzip) {
      for (;;) {
        const bytes = Buffer.allocUnsafe(chunkSize);
        let bytesRead: number;
        try {
          ({ bytesRead } = await file.read(bytes, 0, chunkSize, null));
        } catch (error) {
          throw readFailure(error);
        }
        if (bytesRead === 0) break;
        fileBytes += bytesRead;
        options.onBytesRead?.(fileBytes);
        feed.push(bytes.subarray(0, bytesRead));
        if (options.onChunk !== undefined) await options.onChunk();
      }
    }
  } finally {
    await file.close();
  }
  if (gzip) {
    const limit = options.maxGunzippedBytes ?? GUNZIP_LIMIT;
    let total = 0;
    try {
      const compressed = createReadStream(path, { highWaterMark: Math.max(64, chunkSize) });
      await pipeline(
        compressed,
        createGunzip({ chunkSize: Math.max(64, chunkSize) }),
        async (stream: AsyncIterable<Buffer>) => {
          for await (const chunk of stream) {
            options.onBytesRead?.(compressed.bytesRead);
            total += chunk.length;
            if (total > limit) {
              const { line, col } = tokenizer.position();
              throw xmlError(
                path,
                line,
                col,
                `the file decompresses to more than ${formatByteLimit(limit)}, the limit for a gzip-compressed log; decompress it (gunzip) and read the uncompressed file`,
              );
            }
            feed.push(chunk);
            if (options.onChunk !== undefined) await options.onChunk();
          }
        },
      );
    } catch (error) {
      if (error instanceof InputError) throw error;
      const message = gzipFailure(error);
      if (message === undefined) throw readFailure(error);
      const { line, col } = tokenizer.position();
      throw xmlError(path, line, col, `${message} (the text read so far ends here)`);
    }
  }
  feed.end();
  if (options.onChunk !== undefined) await options.onChunk();
  tokenizer.end();
}

/** Characters escapeXml must rewrite: markup, tab and line ends (kept through attribute normalisation), and characters XML 1.0 does not allow. */
const XML_ESCAPE =
  // eslint-disable-next-line no-control-regex -- finding the control characters that XML forbids is the point
  /[&<>"'\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPE_TEST = new RegExp(XML_ESCAPE.source);

function xmlEscapeOf(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&apos;';
    case '\t':
      return '&#9;';
    case '\n':
      return '&#10;';
    case '\r':
      return '&#13;';
    default:
      // A character that XML 1.0 does not allow, not even as a reference: the replacement character.
      return '\uFFFD';
  }
}

/**
 * Escapes text for an attribute value or element content so that every XML 1.0 parser reads it back: markup
 * characters as entities, tab and line ends as character references (attribute-value normalisation would
 * turn them into spaces), and characters XML 1.0 does not allow (control characters other than tab and line
 * ends, U+FFFE, U+FFFF, unpaired surrogates) as U+FFFD, the replacement character.
 */
export function escapeXml(s: string): string {
  if (!XML_ESCAPE_TEST.test(s)) return s;
  return s.replace(XML_ESCAPE, xmlEscapeOf);
}
