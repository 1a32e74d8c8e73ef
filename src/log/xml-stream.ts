// A small streaming XML tokenizer for the event-log readers (XES, OCEL 2.0 XML): no DOM, no dependency. Text is
// pushed in chunks of any size; constructs split across chunk boundaries are kept until they are complete.
// It reports start tags (with attributes), end tags and character data, decodes the predefined and numeric
// entities, skips comments, processing instructions and the DOCTYPE, passes CDATA through as text, checks that
// end tags match, and locates every error as `file:line:col: what is wrong` (ModelError with a Diagnostic).
// Columns count UTF-16 code units from 1. Namespaces, DTD entity declarations and encodings other than UTF-8
// are not supported.
import { open } from 'node:fs/promises';
import { ModelError } from '../model/diagnostics.ts';
import { readFailureMessage } from '../model/yaml-source.ts';

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

export function xmlError(file: string, line: number, col: number, message: string): ModelError {
  return new ModelError([{ file, line, col, path: '', message }]);
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

  constructor(file: string, handler: XmlHandler) {
    this.file = file;
    this.handler = handler;
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

  write(chunk: string): void {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    if (this.nextNewline === Infinity) this.nextNewline = -1; // the new text may hold one
    const used = this.parse(false);
    this.locate(this.base + used);
    this.buf = this.buf.slice(used);
    this.base += used;
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
        `the file ends before <${open.name}> (opened at ${open.line}:${open.col}) is closed; add </${open.name}>`,
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
        if (top === undefined) this.fail(i, `end tag </${name}> without a matching start tag; remove it`);
        if (top.name !== name) {
          this.fail(
            i,
            `end tag </${name}> does not match <${top.name}> opened at ${top.line}:${top.col}; write </${top.name}>`,
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
    if (i >= n) return final ? this.fail(start, `the file ends inside the start tag <${buf.slice(start + 1)}>; complete it`) : -1;
    if (i === start + 1) this.fail(start, "'<' not followed by an element name; write &lt; for a literal '<'");
    const name = buf.slice(start + 1, i);
    const attributes = this.attributes;
    attributes.reset();
    for (;;) {
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return final ? this.fail(start, `the file ends inside the start tag <${name}>; complete it`) : -1;
      const c = buf.charCodeAt(i);
      if (c === GT || c === SLASH) {
        let selfClosing = false;
        if (c === SLASH) {
          if (i + 1 >= n) return final ? this.fail(start, `the file ends inside <${name}>; complete it`) : -1;
          if (buf.charCodeAt(i + 1) !== GT) this.fail(i, `expected '/>' to close <${name}>`);
          selfClosing = true;
          i++;
        }
        if (this.stack.length === 0 && this.seenRoot) this.fail(start, `a second root element <${name}>; an XML file has one`);
        this.seenRoot = true;
        this.locate(this.base + start);
    const line = this.line;
    const col = this.col;
        this.handler.open(name, attributes, line, col);
        if (selfClosing) this.handler.close(name, line, col);
        else this.stack.push({ name, line, col });
        return i + 1;
      }
      if (c === LT) this.fail(i, `'<' inside the start tag <${name}>; is a '>' missing?`);
      const nameStart = i;
      while (i < n && !isNameEnd(buf.charCodeAt(i))) i++;
      if (i >= n) return final ? this.fail(start, `the file ends inside the start tag <${name}>; complete it`) : -1;
      if (i === nameStart) this.fail(i, `unexpected '${buf[i]}' in the start tag <${name}>; expected an attribute name`);
      const attr = buf.slice(nameStart, i);
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return final ? this.fail(start, `the file ends inside the start tag <${name}>; complete it`) : -1;
      if (buf.charCodeAt(i) !== EQ) this.fail(i, `attribute ${attr} of <${name}> has no value; write ${attr}="…"`);
      i++;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return final ? this.fail(start, `the file ends inside the start tag <${name}>; complete it`) : -1;
      const quote = buf.charCodeAt(i);
      if (quote !== QUOT && quote !== APOS) {
        this.fail(i, `the value of attribute ${attr} of <${name}> is not quoted; write ${attr}="…"`);
      }
      // One pass over the value: find the closing quote, refuse '<', note whether there are entities to decode.
      let close = i + 1;
      let entities = false;
      for (; close < n; close++) {
        const v = buf.charCodeAt(close);
        if (v === quote) break;
        if (v === LT) this.fail(close, `'<' in the value of attribute ${attr} of <${name}>; write &lt; (or close the quote)`);
        if (v === AMP) entities = true;
      }
      if (close >= n) {
        if (final) this.fail(i, `the value of attribute ${attr} of <${name}> is never closed; add the closing quote`);
        return -1;
      }
      if (attributes.get(attr) !== undefined) this.fail(nameStart, `attribute ${attr} appears twice in <${name}>; keep one`);
      const raw = buf.slice(i + 1, close);
      attributes.add(attr, entities ? this.decode(raw, i + 1) : raw);
      i = close + 1;
      const after = i < n ? buf.charCodeAt(i) : -1;
      if (after >= 0 && !isSpace(after) && after !== GT && after !== SLASH) {
        this.fail(i, `expected whitespace, '>' or '/>' after attribute ${attr} of <${name}>`);
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
        const hex = ent[1] === 'x' || ent[1] === 'X';
        const digits = hex ? ent.slice(2) : ent.slice(1);
        const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : NaN;
        if (!(code > 0 && code <= 0x10ffff)) this.fail(at + k, `invalid character reference &${ent};`);
        ch = String.fromCodePoint(code);
      } else {
        this.fail(at + k, `unknown entity &${ent};, XML knows &amp; &lt; &gt; &quot; &apos; and &#…;`);
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
}

/** Length of the longest prefix of `bytes[0, length)` that ends on a whole UTF-8 character. */
function utf8Boundary(bytes: Buffer, length: number): number {
  // Step back over at most three continuation bytes (10xxxxxx) to the lead byte of the last character.
  let lead = length - 1;
  while (lead >= 0 && lead > length - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return length;
  const b = bytes[lead];
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size <= length ? length : lead;
}

/** Streams `path` through the tokenizer, reading `chunkSize` bytes at a time (UTF-8). */
export async function parseXmlFile(path: string, handler: XmlHandler, options: XmlReadOptions = {}): Promise<void> {
  const tokenizer = new XmlTokenizer(path, handler);
  const chunkSize = Math.max(1, options.chunkSize ?? 1 << 20);
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw xmlError(path, 1, 1, readFailureMessage(error));
  }
  try {
    // Room for a chunk plus up to three bytes of a character that the previous chunk cut off.
    const bytes = Buffer.allocUnsafe(chunkSize + 3);
    let carried = 0;
    let first = true;
    for (;;) {
      const { bytesRead } = await file.read(bytes, carried, chunkSize, null);
      const length = carried + bytesRead;
      const whole = bytesRead === 0 ? length : utf8Boundary(bytes, length);
      let text = bytes.toString('utf8', 0, whole);
      // A UTF-8 byte-order mark is not part of the document.
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (text.length > 0) tokenizer.write(text);
      if (options.onChunk !== undefined) await options.onChunk();
      if (bytesRead === 0) break;
      bytes.copy(bytes, 0, whole, length);
      carried = length - whole;
    }
  } finally {
    await file.close();
  }
  tokenizer.end();
}

/** Escapes text for an attribute value or element content. */
export function escapeXml(s: string): string {
  if (!/[&<>"']/.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

