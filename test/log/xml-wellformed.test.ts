// Well-formed XML out, hostile XML in. The XES and OCEL XML writers write characters that XML 1.0 does not allow
// (control characters, U+FFFE, unpaired surrogates) as U+FFFD and tab and line ends as character references, so
// that a strict parser (saxes) reads every file; the streaming reader refuses such characters itself, and refuses
// deep nesting, endless tags and text, too many attributes, invalid UTF-8 and entity expansion with a located error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/log/event.ts';
import { readOcelJson, readOcelXml, writeOcelJson, writeOcelXml } from '../../src/log/ocel.ts';
import { readXesEvents, writeXes } from '../../src/log/xes.ts';
import {
  escapeXml,
  MAX_XML_ATTRIBUTES,
  MAX_XML_DEPTH,
  MAX_XML_TOKEN,
  parseXmlFile,
  XmlTokenizer,
} from '../../src/log/xml-stream.ts';
import { asyncErrorOf, tempDir } from '../helpers.ts';
import { asRead, caseEvent } from './events.ts';

/** Parses `xml` with saxes, a strict XML 1.0 parser; returns its first error, or undefined when the text is well-formed. */
function strictError(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: false });
  let first: string | undefined;
  parser.on('error', (error) => {
    first ??= error.message;
  });
  parser.write(xml).close();
  return first;
}

const NASTY = 'a\x01b\x0Bc\x1Fd\uFFFEe\uD800f\tg\nh\ri';
const CLEANED = 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\tg\nh\ri';

const EVENTS: CaseEvent[] = [
  caseEvent({
    eventId: `e1${NASTY}`,
    caseId: `c${NASTY}`,
    personId: `p${NASTY}`,
    activity: `act${NASTY}`,
    partner: NASTY,
    location: NASTY,
    outcome: 'ok 😀',
  }),
  caseEvent({ eventId: 'e2', caseId: 'plain', activity: 'a', stage: '\x00' }),
];

/** The events as they come back: what XML cannot hold is U+FFFD, the rest unchanged. */
function cleaned(events: CaseEvent[]): CaseEvent[] {
  const clean = (s: string): string => s.replaceAll(NASTY, CLEANED).replace('\x00', '\uFFFD');
  return events.map((e) => ({
    ...e,
    eventId: clean(e.eventId),
    caseId: clean(e.caseId),
    personId: clean(e.personId),
    activity: clean(e.activity),
    partner: clean(e.partner),
    location: clean(e.location),
    stage: clean(e.stage),
  }));
}

describe('XML that strict parsers read', () => {
  it('the XES writer: control characters become U+FFFD, tab and line ends survive, and the file is well-formed', async () => {
    const strict = strictError(`<?xml version="1.0"?><log a="${NASTY}"/>`);
    expect(strict, 'saxes refuses the raw characters, so it can judge the writer').toMatch(/disallowed character/);
    const file = join(tempDir(), 'nasty.xes');
    writeXes(file, EVENTS);
    const text = readFileSync(file, 'utf8');
    expect(strictError(text)).toBeUndefined();
    expect(text).toContain('f&#9;g&#10;h&#13;i');
    expect(await readXesEvents(file)).toEqual(asRead(cleaned(EVENTS)));
  });

  it('the OCEL XML writer likewise; OCEL JSON keeps every character', async () => {
    const dir = tempDir();
    const xml = join(dir, 'nasty.xmlocel');
    writeOcelXml(xml, EVENTS);
    expect(strictError(readFileSync(xml, 'utf8'))).toBeUndefined();
    expect(await readOcelXml(xml)).toEqual(asRead(cleaned(EVENTS)));
    const json = join(dir, 'nasty.jsonocel');
    writeOcelJson(json, EVENTS);
    expect(readOcelJson(json)).toEqual(asRead(EVENTS));
  });

  it('escapeXml leaves plain text alone and keeps pairs of surrogates (characters outside the BMP)', () => {
    expect(escapeXml('gewoon tekst')).toBe('gewoon tekst');
    expect(escapeXml('😀<&>"\'')).toBe('😀&lt;&amp;&gt;&quot;&apos;');
    expect(escapeXml('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
  });
});

function tokens(xml: string): string {
  const t = new XmlTokenizer('t.xml', { open: () => undefined, close: () => undefined, text: () => undefined });
  try {
    t.write(xml);
    t.end();
  } catch (error) {
    return (error as Error).message;
  }
  return 'ok';
}

describe('the streaming XML reader against hostile input', () => {
  it('refuses characters that XML 1.0 does not allow, raw or as references, where they are', () => {
    expect(tokens('<log>\n  <e a="x\x01y"/>\n</log>')).toBe(
      't.xml:2:10: a character that XML 1.0 does not allow (U+0001, a control character); remove it or replace it',
    );
    expect(tokens('<log>\n  te\x0Bxt\n</log>')).toBe(
      't.xml:2:5: a character that XML 1.0 does not allow (U+000B, a control character); remove it or replace it',
    );
    expect(tokens('<log a="&#1;"/>')).toBe(
      't.xml:1:9: the character reference &#1; is to a character that XML 1.0 does not allow; remove it',
    );
    expect(tokens('<log>&#xFFFE;</log>')).toBe(
      't.xml:1:6: the character reference &#xFFFE; is to a character that XML 1.0 does not allow; remove it',
    );
    expect(tokens('<log>&#xD800;</log>')).toMatch(/&#xD800; is to a character that XML 1.0 does not allow/);
    expect(tokens('<log a="&#9;&#x1F600;"/>')).toBe('ok');
  });

  it(`refuses elements nested more than ${MAX_XML_DEPTH} deep, at the element, without reading on`, () => {
    const deep = `<log>${'<a>'.repeat(100_000)}`;
    expect(tokens(deep)).toBe(
      `t.xml:1:${6 + 3 * (MAX_XML_DEPTH - 1)}: elements are nested more than ${MAX_XML_DEPTH} deep here, deeper than any event log; is this file an event log?`,
    );
    expect(tokens(`<log>${'<a>'.repeat(MAX_XML_DEPTH - 1)}${'</a>'.repeat(MAX_XML_DEPTH - 1)}</log>`)).toBe('ok');
  });

  it(`refuses a tag or text longer than ${MAX_XML_TOKEN} characters, and more than ${MAX_XML_ATTRIBUTES} attributes in a tag`, async () => {
    const file = join(tempDir(), 'long.xes');
    writeFileSync(
      file,
      `<log>\n  <trace><string key="k" value="${'x'.repeat(MAX_XML_TOKEN + 10)}"/></trace>\n</log>\n`,
    );
    expect(await asyncErrorOf(() => readXesEvents(file))).toBe(
      `${file}:2:10: a tag (with its attribute values) is longer than ${MAX_XML_TOKEN} characters, more than any event log needs; is a quote or '>' missing?`,
    );
    writeFileSync(file, `<log>\n${'y'.repeat(MAX_XML_TOKEN + 10)}</log>\n`);
    expect(await asyncErrorOf(() => readXesEvents(file))).toBe(
      `${file}:1:6: a run of text is longer than ${MAX_XML_TOKEN} characters, more than any event log needs`,
    );
    const attributes = Array.from({ length: MAX_XML_ATTRIBUTES + 1 }, (_, i) => `a${i}="1"`).join(' ');
    expect(tokens(`<log ${attributes}/>`)).toMatch(
      new RegExp(`^t.xml:1:\\d+: <log> has more than ${MAX_XML_ATTRIBUTES} attributes`),
    );
  });

  it('expands no entity a DOCTYPE declares (no billion laughs)', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<log>&lol2;</log>`;
    expect(tokens(lol)).toBe(
      't.xml:7:6: unknown entity &lol2;, XML knows &amp; &lt; &gt; &quot; &apos; and &#…; (entities declared in a DOCTYPE are not expanded)',
    );
  });

  it('refuses bytes that are not UTF-8 at their line, at any chunk size', async () => {
    const file = join(tempDir(), 'latin1.xes');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('<log>\n  <trace>\n    <string key="concept:name" value="Zo'),
        Buffer.from([0xeb]),
        Buffer.from('"/>\n  </trace>\n</log>\n'),
      ]),
    );
    for (const chunkSize of [undefined, 1, 7]) {
      const message = await asyncErrorOf(() =>
        parseXmlFile(file, { open: () => undefined, close: () => undefined }, { chunkSize }),
      );
      expect(message, `chunk ${chunkSize}`).toBe(
        `${file}:3:41: the file is not UTF-8 text (a byte here is not valid UTF-8); save it as UTF-8`,
      );
    }
  });
});
