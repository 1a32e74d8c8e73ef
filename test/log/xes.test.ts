// The streaming XML tokenizer and the XES reader and writer: round trips, a hand-written XES file with nested
// attributes and missing parts, located errors for malformed files, and results independent of chunk size.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/log/event.ts';
import { formatDateTime, parseDateTime } from '../../src/log/timestamp.ts';
import { readXes, readXesEvents, writeXes } from '../../src/log/xes.ts';
import { XmlTokenizer, type XmlHandler } from '../../src/log/xml-stream.ts';
import { tempDir } from '../helpers.ts';
import { asRead, caseEvent } from './events.ts';
import { asyncErrorOf as errorOf } from '../helpers.ts';

const event = caseEvent;

/** Odd characters everywhere, winter (+01:00) and summer (+02:00) offsets, empty and filled fields, households. */
const SAMPLE: CaseEvent[] = [
  event({
    eventId: 'e1',
    caseId: 'zaak "A" <1>',
    personId: 'p&1',
    activity: 'aanmelding',
    lifecycle: 'schedule',
    partner: 'IND',
    stage: 'aanmelding',
    track: 'track "4"',
    cohort: '2024-01',
    persons: 4,
    children: 2,
  }),
  event({
    eventId: 'e2',
    caseId: 'zaak "A" <1>',
    personId: 'p&1',
    activity: 'gehoor & besluit',
    lifecycle: 'start',
    timeMs: Date.UTC(2024, 5, 1, 7, 30, 15, 250),
    offsetMinutes: 120,
    partner: "COA's",
    location: 'Ter Apel',
    municipality: 'Súdwest-Fryslân',
  }),
  event({
    eventId: 'e3',
    caseId: 'zaak "A" <1>',
    personId: 'p&2',
    activity: 'gehoor & besluit',
    lifecycle: 'complete',
    timeMs: Date.UTC(2024, 5, 2, 12, 0, 0, 1),
    offsetMinutes: 120,
    outcome: 'verleend ✓',
    stage: "l'étape > één",
    children: 1,
  }),
  event({
    eventId: 'ë-4',
    caseId: 'Zoë',
    personId: '',
    activity: 'huisvesting',
    lifecycle: 'complete',
    timeMs: Date.UTC(2023, 11, 31, 23, 59, 59, 999),
    offsetMinutes: 60,
    partner: 'gemeente',
    location: 'tab\there',
    persons: 123456789,
  }),
];

function collectTokens(xml: string, chunk: number): string[] {
  const tokens: string[] = [];
  const handler: XmlHandler = {
    open: (name, attrs, line, col) => tokens.push(`open ${name} ${JSON.stringify(attrs.entries())} @${line}:${col}`),
    close: (name) => tokens.push(`close ${name}`),
    text: (text) => {
      if (text.trim() !== '') tokens.push(`text ${text}`);
    },
  };
  const t = new XmlTokenizer('t.xml', handler);
  for (let i = 0; i < xml.length; i += chunk) t.write(xml.slice(i, i + chunk));
  t.end();
  // Adjacent text pieces may be split differently by chunking only where text spans chunks; join them.
  const joined: string[] = [];
  for (const tok of tokens) {
    if (tok.startsWith('text ') && joined.length > 0 && joined[joined.length - 1].startsWith('text '))
      joined[joined.length - 1] += tok.slice(5);
    else joined.push(tok);
  }
  return joined;
}

describe('XmlTokenizer', () => {
  const xml = `<?xml version="1.0"?>
<!DOCTYPE log>
<!-- a comment with <tags> & ampersands -->
<log a="1" b='two "quoted"' c="&lt;&amp;&gt;&quot;&apos;&#233;&#x20AC;">
  <?pi inside?>
  <x/><y k = 'v' />
  <t>a &amp; b<![CDATA[ <raw> & ]]>c</t>
</log>`;

  it('reports elements, both quote styles, entities, self-closing tags and CDATA, skipping comments and PIs', () => {
    expect(collectTokens(xml, xml.length)).toEqual([
      `open log [["a","1"],["b","two \\"quoted\\""],["c","<&>\\"'é€"]] @4:1`,
      'open x [] @6:3',
      'close x',
      'open y [["k","v"]] @6:7',
      'close y',
      'open t [] @7:3',
      'text a & b <raw> & c',
      'close t',
      'close log',
    ]);
  });

  it('gives the same tokens whatever the chunk size', () => {
    const whole = collectTokens(xml, xml.length);
    for (const chunk of [1, 2, 3, 5, 8, 13]) expect(collectTokens(xml, chunk), `chunk ${chunk}`).toEqual(whole);
  });

  it.each([
    ['<log><a></b></log>', 't.xml:1:9: end tag </b> does not match <a> opened at 1:6; write </a>'],
    ['<log>\n  <a>\n', 't.xml:3:1: the file ends before <a> (opened at 2:3) is closed; add </a>'],
    ['<log>\n <a x=1/></log>', 't.xml:2:7: the value of attribute x of <a> is not quoted; write x="…"'],
    ['<log>\n <a x="1" x="2"/></log>', 't.xml:2:11: attribute x appears twice in <a>; keep one'],
    ['<log>\n <a x></a></log>', 't.xml:2:6: attribute x of <a> has no value; write x="…"'],
    ['<log><a x="1</log>', "t.xml:1:13: '<' in the value of attribute x of <a>; write &lt; (or close the quote)"],
    ['<log><a x="1 2', 't.xml:1:11: the value of attribute x of <a> is never closed; add the closing quote'],
    [
      '<log>a &nbsp; b</log>',
      't.xml:1:8: unknown entity &nbsp;, XML knows &amp; &lt; &gt; &quot; &apos; and &#…; (entities declared in a DOCTYPE are not expanded)',
    ],
    ['<log><a', 't.xml:1:6: the file ends inside the start tag <a>; complete it'],
    ['<log></log></log>', 't.xml:1:12: end tag </log> without a matching start tag; remove it'],
  ])('locates malformed input %j', async (input, message) => {
    expect(await errorOf(() => collectTokens(input, input.length))).toBe(message);
    expect(await errorOf(() => collectTokens(input, 1))).toBe(message);
  });
});

describe('xs:dateTime', () => {
  it('parses offsets and formats back to the same text', () => {
    expect(parseDateTime('2024-03-31T03:30:00+02:00')).toEqual({
      timeMs: Date.UTC(2024, 2, 31, 1, 30),
      offsetMinutes: 120,
    });
    expect(parseDateTime('2024-01-01T00:00:00.5Z')).toEqual({
      timeMs: Date.UTC(2024, 0, 1, 0, 0, 0, 500),
      offsetMinutes: 0,
    });
    expect(parseDateTime('2024-01-01T00:00:00-03:30')).toEqual({
      timeMs: Date.UTC(2024, 0, 1, 3, 30),
      offsetMinutes: -210,
    });
    expect(formatDateTime(Date.UTC(2024, 0, 1, 3, 30), -210)).toBe('2024-01-01T00:00:00.000-03:30');
    expect(formatDateTime(Date.UTC(2024, 2, 31, 1, 30), 120)).toBe('2024-03-31T03:30:00.000+02:00');
  });

  it('rejects a time without offset when no zone is given, and impossible dates, saying why', () => {
    expect(parseDateTime('2024-01-01T10:00:00')).toMatch(/no UTC offset; add one/);
    expect(parseDateTime('2023-02-29T10:00:00Z')).toMatch(/no such day/);
    expect(parseDateTime('31-01-2024 10:00')).toMatch(/is not a date and time such as/);
  });
});

describe('XES', () => {
  it('reads back exactly what it wrote (odd characters, +01:00 and +02:00), leaving no temporary file', async () => {
    const dir = tempDir();
    const file = join(dir, 'log.xes');
    writeXes(file, SAMPLE);
    expect(readdirSync(dir)).toEqual(['log.xes']);
    expect(await readXesEvents(file)).toEqual(asRead(SAMPLE));
    const text = readFileSync(file, 'utf8');
    for (const prefix of ['concept', 'lifecycle', 'time', 'org']) expect(text).toContain(`prefix="${prefix}"`);
    expect(text).toContain('<date key="time:timestamp" value="2024-06-01T09:30:15.250+02:00"/>');
    // Household counts as <int>, only where they are not the default (1 person, 0 children).
    const events = text.split('<event>').slice(1);
    expect(events[0]).toContain('<int key="persons" value="4"/><int key="children" value="2"/>');
    expect(events[1]).not.toMatch(/persons|children/);
    expect(events[2]).toContain('<int key="children" value="1"/>');
    expect(events[2]).not.toContain('persons');
  });

  it('gives the same events for every chunk size', async () => {
    const file = join(tempDir(), 'log.xes');
    writeXes(file, SAMPLE);
    for (const chunkSize of [1, 2, 3, 7, 64])
      expect(await readXesEvents(file, { chunkSize }), `chunk ${chunkSize}`).toEqual(asRead(SAMPLE));
  });

  it('skips a byte-order mark and decodes characters split across chunks', async () => {
    const file = join(tempDir(), 'bom.xes');
    writeXes(file, SAMPLE);
    writeFileSync(file, '\ufeff' + readFileSync(file, 'utf8'));
    for (const chunkSize of [undefined, 1, 2, 3])
      expect(await readXesEvents(file, { chunkSize }), `chunk ${chunkSize}`).toEqual(asRead(SAMPLE));
  });

  it('reads a hand-written log: nested attributes ignored, trace defaults, missing lifecycle is complete, ids generated, no person is the case', async () => {
    const file = join(tempDir(), 'hand.xes');
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="x"/></global>
  <string key="concept:name" value="ignored log name"/>
  <trace>
    <string key="track" value="AA"/>
    <int key="persons" value="3"/>
    <event>
      <string key='concept:name' value='Gehoor &amp; besluit'>
        <string key="concept:name" value="nested, must not replace the activity"/>
        <list key="l"><values><int key="n" value="1"/></values></list>
      </string>
      <date key="time:timestamp" value="2024-03-01T10:00:00+01:00"/>
      <string key="org:group" value="IND"/>
    </event>
    <event>
      <string key="concept:name" value="vertrek"/>
      <string key="lifecycle:transition" value="START"/>
      <date key="time:timestamp" value="2024-07-01T10:00:00.000+02:00"/>
      <string key="org:resource" value="medewerker 7"/>
      <string key="org:group" value="DT&amp;V"/>
      <string key="track" value="GL"/>
      <int key="children" value="2"/>
      <container key="details"><string key="person_id" value="nested, ignored"/></container>
    </event>
    <string key="concept:name" value="case-9"/>
  </trace>
</log>`,
    );
    const events = await readXesEvents(file);
    expect(events).toEqual([
      event({
        eventId: 'case-9-1',
        caseId: 'case-9',
        personId: 'case-9',
        activity: 'Gehoor & besluit',
        lifecycle: 'complete',
        timeMs: Date.UTC(2024, 2, 1, 9),
        offsetMinutes: 60,
        partner: 'IND',
        track: 'AA',
        persons: 3,
      }),
      event({
        eventId: 'case-9-2',
        caseId: 'case-9',
        personId: 'case-9',
        activity: 'vertrek',
        lifecycle: 'start',
        timeMs: Date.UTC(2024, 6, 1, 8),
        offsetMinutes: 120,
        partner: 'medewerker 7',
        track: 'GL',
        persons: 3,
        children: 2,
      }),
    ]);
  });

  it('rejects an unsupported lifecycle, a missing timestamp or bad household counts with a located reason that quotes no id, or reports it and goes on', async () => {
    const file = join(tempDir(), 'rejects.xes');
    const time = '<date key="time:timestamp" value="2024-01-01T00:00:00Z"/>';
    writeFileSync(
      file,
      `<log>
  <trace><string key="concept:name" value="V1234567890"/>
    <event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="Awaiting Assignment"/>${time}</event>
    <event><string key="concept:name" value="b"/></event>
    <event><string key="concept:name" value="c"/>${time}</event>
    <event><string key="concept:name" value="d"/>${time}<int key="persons" value="0"/></event>
    <event><string key="concept:name" value="e"/>${time}<int key="persons" value="2"/><int key="children" value="3"/></event>
    <event><string key="concept:name" value="f"/>${time}<string key="children" value="1.5"/></event>
  </trace>
  <trace><event><string key="concept:name" value="g"/>${time}</event></trace>
</log>`,
    );
    expect(await errorOf(() => readXesEvents(file))).toBe(
      `${file}:3:5: event 1 of the trace at line 2: lifecycle:transition 'Awaiting Assignment' is not a transition of the XES standard lifecycle model (schedule, assign, reassign, start, suspend, resume, complete, autoskip, manualskip, withdraw, ate_abort, pi_abort, unknown); map it to schedule, start or complete under lifecycles: in a mapping file (--mapping)`,
    );
    const rejects: string[] = [];
    const events: [string, number, number][] = [];
    const summary = await readXes(file, (e, line, col) => events.push([e.activity, line, col]), {
      onReject: (d) => rejects.push(`${d.line}:${d.col}: ${d.message}`),
    });
    expect(summary).toEqual({ traces: 2, events: 1, rejected: 6 });
    expect(events).toEqual([['c', 5, 5]]);
    expect(rejects.slice(1)).toEqual([
      '4:5: event 2 of the trace at line 2 has no time:timestamp; add <date key="time:timestamp" value="2024-01-31T09:00:00+01:00"/>',
      '6:5: event 4 of the trace at line 2: persons "0" must be a whole number of at least 1',
      '7:5: event 5 of the trace at line 2: children "3" is more than persons (2)',
      '8:5: event 6 of the trace at line 2: children "1.5" must be a whole number of at least 0',
      '10:10: the trace at line 10 has no concept:name (case id); add <string key="concept:name" value="…"/> to the trace',
    ]);
    for (const r of rejects) expect(r).not.toContain('V1234567890');
  });

  it('gives a located error for a malformed XES file, at every chunk size', async () => {
    const file = join(tempDir(), 'bad.xes');
    writeFileSync(
      file,
      '<log>\n  <trace>\n    <event>\n      <string key="concept:name" value="a">\n    </event>\n  </trace>\n</log>\n',
    );
    for (const chunkSize of [undefined, 1, 5]) {
      expect(await errorOf(() => readXesEvents(file, { chunkSize }))).toBe(
        `${file}:5:5: end tag </event> does not match <string> opened at 4:7; write </string>`,
      );
    }
    writeFileSync(file, '<events/>');
    expect(await errorOf(() => readXesEvents(file))).toBe(
      `${file}:1:1: the root element is <events>, not <log>; is this an XES file?`,
    );
  });
});
