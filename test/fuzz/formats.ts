// Bad-input testing, structure-aware generators: fast-check records of what each input holds (events, cases,
// households, model parts, monthly counts), mostly valid with boundary values and hostile strings mixed in,
// and the writers that turn them into files — CSV with every header and quoting variant, partner CSV with its
// mapping file, XES, OCEL 2.0 JSON and XML, model and measure YAML. Raw identifiers (values.ts) are put in
// identifier fields and, to test that they are never quoted, in fields whose values messages may quote
// (timestamp, lifecycle, household counts); never in fields that an import passes on as they are (activity,
// partner, location, …), so that any raw identifier in an output of a pseudonymising run is a leak.
import fc from 'fast-check';
import { type Tree, leaf, toJson, treeOf } from './mutate.ts';
import { chance, hostileString, maybeBad, numberText, RAW_ID, sometimes } from './values.ts';

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** How a CSV file is laid out, beyond its cells. */
export interface CsvShape {
  /** normal; none (header-less: the first data row stands where the header should); upper-case names; a column twice; a comment line first. */
  header: 'normal' | 'none' | 'upper' | 'duplicate-column' | 'comment-first';
  delimiter: ',' | ';' | '\t';
  eol: '\n' | '\r\n';
  quoteAll: boolean;
  bom: boolean;
  blankLines: boolean;
}

/**
 * CSV layouts: a normal header, `,` (or `delimiter`), either line end, quoted or not; with `bad` also a missing,
 * upper-case or repeated header name, a comment line, a byte-order mark, blank lines, another separator.
 */
export function csvShape(
  bad: boolean,
  delimiter: fc.Arbitrary<CsvShape['delimiter']> = fc.constant(','),
): fc.Arbitrary<CsvShape> {
  const normal = {
    header: fc.constant('normal' as const),
    delimiter: fc.constant(',' as const),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    quoteAll: fc.boolean(),
    bom: fc.constant(false),
    blankLines: fc.constant(false),
  };
  if (!bad) return fc.record(normal);
  return fc.record({
    ...normal,
    header: fc.oneof(
      { weight: 3, arbitrary: fc.constant('normal' as const) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'none' as const,
          'upper' as const,
          'duplicate-column' as const,
          'comment-first' as const,
        ),
      },
    ),
    delimiter,
    bom: chance(0.15),
    blankLines: chance(0.15),
  });
}

/** One cell as RFC 4180 writes it (quoted when it must be, or always with quoteAll). */
export function csvCell(value: string, delimiter: string, quoteAll: boolean): string {
  return quoteAll || value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV file of `header` and `rows` laid out as `shape` says. */
export function writeCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  shape: CsvShape,
  comment?: string,
): string {
  const line = (cells: readonly string[]) =>
    cells.map((c) => csvCell(c, shape.delimiter, shape.quoteAll)).join(shape.delimiter) + shape.eol;
  let names = [...header];
  let body = rows.map((r) => [...r]);
  if (shape.header === 'upper') names = names.map((n) => n.toUpperCase());
  if (shape.header === 'duplicate-column' && names.length > 0) {
    names = [...names, names[0]];
    body = body.map((r) => [...r, r[0] ?? '']);
  }
  let out = shape.bom ? '\ufeff' : '';
  if (comment !== undefined || shape.header === 'comment-first') out += `# ${comment ?? 'generated'}${shape.eol}`;
  if (shape.header !== 'none') out += line(names);
  body.forEach((r, i) => {
    out += line(r);
    if (shape.blankLines && i % 3 === 0) out += shape.eol;
  });
  return out;
}

// ── case events ─────────────────────────────────────────────────────────────────────────────────────────────

/** The canonical columns (docs/event-log.md) and the field of each, in the canonical order. */
export const CANONICAL = [
  ['event_id', 'eventId'],
  ['case_id', 'caseId'],
  ['person_id', 'personId'],
  ['activity', 'activity'],
  ['lifecycle', 'lifecycle'],
  ['timestamp', 'timestamp'],
  ['partner', 'partner'],
  ['stage', 'stage'],
  ['track', 'track'],
  ['cohort', 'cohort'],
  ['location', 'location'],
  ['municipality', 'municipality'],
  ['outcome', 'outcome'],
  ['persons', 'persons'],
  ['children', 'children'],
] as const;

/** One event as the text of its fields (whatever they hold: a generated event may be wrong in any of them). */
export type LogEvent = Record<(typeof CANONICAL)[number][1], string>;

/** Fields that an import passes on as they are: a raw identifier there is not protected (docs/event-log.md). */
export const PASS_THROUGH_FIELDS = [
  'activity',
  'partner',
  'stage',
  'track',
  'cohort',
  'location',
  'municipality',
  'outcome',
] as const;
type IdField = 'eventId' | 'caseId' | 'personId';
/** Fields whose bad values a message may describe; a raw identifier put there must still not be shown. */
type CheckedField = 'timestamp' | 'lifecycle' | 'persons' | 'children';

const ACTIVITIES = [
  'arrival',
  'registration',
  'station-a',
  'station-b',
  'aa',
  'aa-decision',
  'housing',
  'move',
  'exit:housed',
  'exit:other',
];
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

/** An ISO 8601 timestamp with an offset, as a partner would write it. */
function isoAt(ms: number, offset: '+01:00' | '+02:00' | 'Z', fraction: boolean): string {
  const minutes = offset === 'Z' ? 0 : offset === '+01:00' ? 60 : 120;
  const local = new Date(ms + minutes * 60_000).toISOString();
  return `${fraction ? local.slice(0, 23) : local.slice(0, 19)}${offset}`;
}

const BAD_TIMESTAMPS = [
  '2025-03-30T02:30:00',
  '2025-03-30 02:30',
  '2025-13-01T00:00:00Z',
  '2025-02-30T00:00:00Z',
  '2025-01-01T24:00:00Z',
  '1899-12-31T23:59:59Z',
  '2200-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2025-01-01T00:00:00.123456789+01:00',
  '2025-01-01T00:00:00+25:00',
  '2025-01-01T00:00:00+01',
  '2025-W01',
  '20250101T000000Z',
  '1743297300000',
  '-1',
  '0',
  '1e308',
  'NaN',
  '',
];

const validTimestamp: fc.Arbitrary<string> = fc
  .record({
    day: fc.integer({ min: 0, max: 400 * DAY_MS }),
    offset: fc.constantFrom('+01:00' as const, '+02:00' as const, 'Z' as const),
    fraction: fc.boolean(),
  })
  .map((t) => isoAt(T0 + t.day, t.offset, t.fraction));

/** The parts of one event that are not identifiers; `misplace` moves a raw identifier into a checked field. */
interface EventDraft {
  activity: string;
  lifecycle: string;
  timestamp: string;
  partner: string;
  attributes: Partial<Record<'stage' | 'track' | 'location' | 'outcome', string>>;
  persons: string;
  children: string;
  eventId: 'new' | 'repeat' | 'empty';
  misplace: { id: IdField; into: CheckedField } | null;
}

function eventDraft(bad: boolean): fc.Arbitrary<EventDraft> {
  const valid = {
    activity: fc.constantFrom(...ACTIVITIES),
    lifecycle: fc.constantFrom('schedule', 'start', 'complete'),
    timestamp: validTimestamp,
    partner: fc.constantFrom('', 'ind', 'coa', 'police'),
    attributes: fc.record(
      {
        stage: fc.constantFrom('', 'aa'),
        track: fc.constantFrom('', 'general'),
        location: fc.constantFrom('', 'ter-apel', 'azc'),
        outcome: fc.constantFrom('', 'grant', 'reject'),
      },
      { requiredKeys: [] },
    ),
    // children ≤ persons whatever is drawn (an empty persons is 1).
    persons: fc.constantFrom('', '1', '2', '4'),
    children: fc.constantFrom('', '0', '1'),
    eventId: fc.constant('new' as const),
    misplace: fc.constant(null),
  };
  if (!bad) return fc.record(valid);
  return fc.record({
    ...valid,
    activity: maybeBad(valid.activity, true),
    lifecycle: fc.oneof(
      { weight: 9, arbitrary: valid.lifecycle },
      { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'suspend', 'COMPLETE', 'afgerond'), hostileString) },
    ),
    timestamp: fc.oneof(
      { weight: 8, arbitrary: validTimestamp },
      { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...BAD_TIMESTAMPS), hostileString) },
    ),
    partner: maybeBad(valid.partner, true),
    persons: fc.oneof(
      { weight: 5, arbitrary: valid.persons },
      { weight: 1, arbitrary: numberText(0, 12, false, true) },
    ),
    children: fc.oneof(
      { weight: 5, arbitrary: valid.children },
      { weight: 1, arbitrary: numberText(0, 12, false, true) },
    ),
    eventId: fc.oneof(
      { weight: 12, arbitrary: valid.eventId },
      { weight: 1, arbitrary: fc.constantFrom('repeat' as const, 'empty' as const) },
    ),
    misplace: sometimes(
      fc.record({
        id: fc.constantFrom<IdField>('eventId', 'caseId', 'personId'),
        into: fc.constantFrom<CheckedField>('timestamp', 'lifecycle', 'persons', 'children'),
      }),
      0.1,
    ),
  });
}

/** A log of 1–6 cases with raw identifiers (case numbers, V-numbers, event numbers); with `bad`, faults mixed in. */
export function eventLog(bad: boolean): fc.Arbitrary<LogEvent[]> {
  const caseDraft = fc.record({
    events: fc.array(eventDraft(bad), { minLength: 1, maxLength: 6 }),
    persons: fc.integer({ min: 1, max: 3 }),
    personless: bad ? chance(0.1) : fc.constant(false),
  });
  return fc.array(caseDraft, { minLength: 1, maxLength: 6 }).map((cases) => {
    const events: LogEvent[] = [];
    let n = 0;
    cases.forEach((c, k) => {
      c.events.forEach((d, j) => {
        const previous = events[events.length - 1];
        const e: LogEvent = {
          eventId: d.eventId === 'empty' ? '' : d.eventId === 'repeat' && previous ? previous.eventId : RAW_ID.event(n),
          caseId: RAW_ID.case(k),
          personId: c.personless ? '' : RAW_ID.person(k * 10 + (j % c.persons)),
          activity: d.activity,
          lifecycle: d.lifecycle,
          timestamp: d.timestamp,
          partner: d.partner,
          stage: d.attributes.stage ?? '',
          track: d.attributes.track ?? '',
          cohort: '',
          location: d.attributes.location ?? '',
          municipality: '',
          outcome: d.attributes.outcome ?? '',
          persons: d.persons,
          children: d.children,
        };
        if (d.misplace) [e[d.misplace.id], e[d.misplace.into]] = [e[d.misplace.into], e[d.misplace.id]];
        events.push(e);
        n++;
      });
    });
    return events;
  });
}

/** Which canonical columns a file has, in which order: the required ones (with `bad`, one may be missing), optional ones, any order. */
export function canonicalColumns(bad: boolean): fc.Arbitrary<string[]> {
  return fc
    .record({
      optional: fc.shuffledSubarray(CANONICAL.slice(6).map(([c]) => c)),
      order: fc.oneof(
        { weight: 4, arbitrary: fc.constant('canonical' as const) },
        { weight: 1, arbitrary: fc.constant('shuffled' as const) },
      ),
      drop: bad ? sometimes(fc.nat({ max: 5 }), 0.15) : fc.constant(null),
      extra: fc.boolean(),
      seed: fc.nat(),
    })
    .map(({ optional, order, drop, extra, seed }) => {
      let columns: string[] = [...CANONICAL.slice(0, 6).map(([c]) => c), ...optional];
      if (drop !== null) columns.splice(drop, 1);
      if (order === 'shuffled')
        columns = columns
          .map((c, i) => ({ c, k: (i * 7919 + seed) % 104_729 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.c);
      if (extra) columns.push('replication');
      return columns;
    });
}

const FIELD_OF = new Map<string, keyof LogEvent>(CANONICAL);

/** The canonical CSV of `events` with these columns. */
export function canonicalCsv(events: readonly LogEvent[], columns: readonly string[], shape: CsvShape): string {
  const rows = events.map((e) => columns.map((c) => (c === 'replication' ? '0' : e[FIELD_OF.get(c)!])));
  return writeCsv(columns, rows, shape);
}

// ── a partner's CSV and its mapping file ────────────────────────────────────────────────────────────────────

/** The partner's column names. */
export const PARTNER_COLUMNS: Record<keyof LogEvent, string> = {
  eventId: 'Mutatie',
  caseId: 'Zaaknummer',
  personId: 'Vnummer',
  activity: 'Handeling',
  lifecycle: 'Status',
  timestamp: 'Datum',
  partner: 'Organisatie',
  stage: 'Fase',
  track: 'Spoor',
  cohort: 'Groep',
  location: 'Locatie',
  municipality: 'Gemeente',
  outcome: 'Besluit',
  persons: 'Gezinsgrootte',
  children: 'Minderjarigen',
};
const PARTNER_LIFECYCLES: Record<string, string> = { schedule: 'ingepland', start: 'gestart', complete: 'afgerond' };

export interface MappingDraft {
  format: 'iso' | 'amsterdam-local' | 'epoch-ms';
  optional: (keyof LogEvent)[];
  constantPartner: boolean;
  pseudonymise: IdField[];
  /** A field the mapping reads from an identifier's column (must be refused when that identifier is pseudonymised). */
  pointAtId: { field: CheckedField | 'partner' | 'location' | 'activity'; id: IdField } | null;
  timezone: string | null;
  renames: boolean;
  /** Further changes to the mapping's tree (unknown keys, wrong types, …); they never name a column. */
  breakage: { at: number; to: 'leaf' | 'drop' | 'duplicate' }[];
  leafValue: Tree;
}

/** Mapping files; with `bad`, a field read from an identifier's column, odd time zones and broken parts. */
export function mappingDraft(bad: boolean): fc.Arbitrary<MappingDraft> {
  return fc.record({
    format: fc.constantFrom('iso' as const, 'amsterdam-local' as const, 'epoch-ms' as const),
    optional: fc.subarray([
      'eventId',
      'personId',
      'lifecycle',
      'partner',
      'persons',
      'children',
      'location',
      'outcome',
    ] as (keyof LogEvent)[]),
    constantPartner: fc.boolean(),
    pseudonymise: fc.subarray(['eventId', 'caseId', 'personId'] as IdField[]),
    pointAtId: bad
      ? sometimes(
          fc.record({
            field: fc.constantFrom(
              'timestamp' as const,
              'lifecycle' as const,
              'persons' as const,
              'children' as const,
              'partner' as const,
              'location' as const,
              'activity' as const,
            ),
            id: fc.constantFrom<IdField>('eventId', 'caseId', 'personId'),
          }),
          0.3,
        )
      : fc.constant(null),
    timezone: sometimes(
      bad
        ? fc.oneof(
            fc.constantFrom('Europe/Amsterdam', 'UTC', 'America/St_Johns', 'Etc/GMT+14', 'Mars/Olympus', ''),
            hostileString,
          )
        : fc.constantFrom('Europe/Amsterdam', 'UTC'),
      0.2,
    ),
    renames: fc.boolean(),
    breakage: bad
      ? fc.array(
          fc.record({ at: fc.nat(), to: fc.constantFrom('leaf' as const, 'drop' as const, 'duplicate' as const) }),
          { maxLength: 2 },
        )
      : fc.constant([]),
    leafValue: leaf.map((l) => l as Tree),
  });
}

/** The timestamp as the mapping's format writes it (a value that is not a valid ISO timestamp stays as it is). */
function partnerTimestamp(iso: string, format: MappingDraft['format']): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (format === 'epoch-ms') return String(ms);
  if (format === 'amsterdam-local') return `${m[1]} ${m[2]}`;
  return iso;
}

/** The mapping file (as a tree) and the partner's CSV for `events`; every column the mapping names is in the CSV. */
export function partnerLog(
  events: readonly LogEvent[],
  draft: MappingDraft,
  shape: CsvShape,
): { mapping: Tree; csv: string } {
  const fields: (keyof LogEvent)[] = ['caseId', 'activity', 'timestamp', ...draft.optional];
  const columns: [string, Tree][] = [];
  const attributes: [string, Tree][] = [];
  for (const f of fields) {
    if (f === 'partner' && draft.constantPartner) continue;
    const column = draft.pointAtId?.field === f ? PARTNER_COLUMNS[draft.pointAtId.id] : PARTNER_COLUMNS[f];
    if (f === 'location' || f === 'outcome') attributes.push([f, { str: column }]);
    else columns.push([f, { str: column }]);
  }
  if (draft.pointAtId && !fields.includes(draft.pointAtId.id)) {
    columns.push([draft.pointAtId.id, { str: PARTNER_COLUMNS[draft.pointAtId.id] }]);
    fields.push(draft.pointAtId.id);
  }
  if (attributes.length > 0) columns.push(['attributes', { map: attributes }]);
  const top: [string, Tree][] = [['columns', { map: columns }]];
  if (draft.constantPartner) top.push(['partner', { str: 'ind' }]);
  if (draft.renames)
    top.push([
      'activities',
      {
        map: [
          ['Aanmelding', { str: 'arrival' }],
          ['Gehoor', { str: 'aa' }],
        ],
      },
    ]);
  if (fields.includes('lifecycle'))
    top.push([
      'lifecycles',
      { map: Object.entries(PARTNER_LIFECYCLES).map(([k, v]) => [v, { str: k }] as [string, Tree]) },
    ]);
  const timestampPart: [string, Tree][] = [['format', { str: draft.format }]];
  if (draft.timezone !== null) timestampPart.push(['timezone', { str: draft.timezone }]);
  top.push(['timestamp', { map: timestampPart }]);
  if (draft.pseudonymise.length > 0) top.push(['pseudonymise', { seq: draft.pseudonymise.map((f) => ({ str: f })) }]);
  for (const b of draft.breakage) {
    const k = b.at % top.length;
    if (b.to === 'leaf') top[k] = [top[k][0], draft.leafValue];
    else if (b.to === 'drop') top.splice(k, 1);
    else top.splice(k, 0, top[k]);
  }
  const header = [
    ...new Set(fields.filter((f) => !(f === 'partner' && draft.constantPartner)).map((f) => PARTNER_COLUMNS[f])),
  ];
  const byColumn = new Map(Object.entries(PARTNER_COLUMNS).map(([f, c]) => [c, f as keyof LogEvent]));
  const rows = events.map((e) =>
    header.map((c) => {
      const f = byColumn.get(c)!;
      if (f === 'timestamp') return partnerTimestamp(e.timestamp, draft.format);
      if (f === 'lifecycle')
        return Object.hasOwn(PARTNER_LIFECYCLES, e.lifecycle) ? PARTNER_LIFECYCLES[e.lifecycle] : e.lifecycle;
      return e[f];
    }),
  );
  return { mapping: { map: top }, csv: writeCsv(header, rows, shape) };
}

// ── XES ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface XmlDraft {
  /** Attributes on the trace as defaults for its events. */
  traceDefaults: boolean;
  /** A DOCTYPE with entities: an internal one used in a value, an external one (a file beside the log), or an expansion bomb. */
  doctype: 'none' | 'internal' | 'external' | 'bomb';
  /** Write the case id with character references (`&#86;4000000001`). */
  charRefs: boolean;
  cdata: boolean;
  /** Wrap the log's content in nested elements this deep. */
  depth: number;
  /** Leave the document unfinished (cut after this many characters, 0: complete). */
  cutAt: number;
}

/** XML documents; with `bad`, a DOCTYPE with entities, deep nesting or a document cut short. */
export function xmlDraft(bad: boolean): fc.Arbitrary<XmlDraft> {
  return fc.record({
    traceDefaults: fc.boolean(),
    doctype: bad
      ? fc.oneof(
          { weight: 2, arbitrary: fc.constant('none' as const) },
          { weight: 1, arbitrary: fc.constantFrom('internal' as const, 'external' as const, 'bomb' as const) },
        )
      : fc.constant('none' as const),
    charRefs: fc.boolean(),
    cdata: fc.boolean(),
    depth: bad
      ? fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(50, 5000, 200_000) })
      : fc.constant(0),
    cutAt: bad
      ? fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 5000 }) })
      : fc.constant(0),
  });
}

/** Text escaped for an XML attribute value. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A value as character references (so that a reader must decode them to see it). */
const charRefs = (s: string): string => [...s].map((c) => `&#${c.codePointAt(0)};`).join('');

/** The file an external entity points at, beside the log; it holds a raw identifier that must not come out. */
export const EXTERNAL_ENTITY_FILE = 'entity.txt';

function doctype(kind: XmlDraft['doctype'], root: string): string {
  if (kind === 'internal') return `<!DOCTYPE ${root} [<!ENTITY site "ter-apel">]>\n`;
  if (kind === 'external') return `<!DOCTYPE ${root} [<!ENTITY ext SYSTEM "${EXTERNAL_ENTITY_FILE}">]>\n`;
  if (kind === 'bomb') {
    const ents = ['<!ENTITY a0 "lollollollollol">'];
    for (let i = 1; i < 10; i++) ents.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
    return `<!DOCTYPE ${root} [${ents.join('')}]>\n`;
  }
  return '';
}

/** The entity reference to put in a location value for the doctype (none without one). */
const entityUse = (kind: XmlDraft['doctype']): string =>
  kind === 'internal' ? '&site;' : kind === 'external' ? '&ext;' : kind === 'bomb' ? '&a9;' : '';

function finishXml(text: string, draft: XmlDraft): string {
  return draft.cutAt > 0 ? text.slice(0, draft.cutAt) : text;
}

function nest(inner: string, depth: number, name: string): string {
  return depth === 0 ? inner : `<${name}>`.repeat(depth) + inner + `</${name}>`.repeat(depth);
}

/** An XES log of `events` (a trace per case, in order of first appearance). */
export function xesLog(events: readonly LogEvent[], draft: XmlDraft): string {
  const attr = (type: string, key: string, value: string) => `<${type} key="${key}" value="${xmlEscape(value)}"/>`;
  const byCase = new Map<string, LogEvent[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  let body = '';
  for (const [caseId, list] of byCase) {
    const name = draft.charRefs
      ? `<string key="concept:name" value="${charRefs(caseId)}"/>`
      : attr('string', 'concept:name', caseId);
    body += `  <trace>\n    ${name}\n`;
    if (draft.traceDefaults && list[0].personId !== '')
      body += `    ${attr('string', 'person_id', list[0].personId)}\n`;
    for (const e of list) {
      body += '    <event>';
      if (e.eventId !== '') body += attr('string', 'event_id', e.eventId);
      if (e.personId !== '' && !draft.traceDefaults) body += attr('string', 'person_id', e.personId);
      body += attr('string', 'concept:name', e.activity);
      if (e.lifecycle !== '') body += attr('string', 'lifecycle:transition', e.lifecycle);
      body += attr('date', 'time:timestamp', e.timestamp);
      if (e.partner !== '') body += attr('string', 'org:resource', e.partner);
      if (e.location !== '')
        body += draft.cdata
          ? `<string key="location" value="${xmlEscape(e.location)}"><![CDATA[x]]></string>`
          : attr('string', 'location', e.location);
      const entity = entityUse(draft.doctype);
      if (entity !== '') body += `<string key="outcome" value="${entity}"/>`;
      if (e.persons !== '') body += attr('int', 'persons', e.persons);
      if (e.children !== '') body += attr('int', 'children', e.children);
      body += '</event>\n';
    }
    body += '  </trace>\n';
  }
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${doctype(draft.doctype, 'log')}<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n${nest(body, draft.depth, 'trace')}</log>\n`;
  return finishXml(text, draft);
}

// ── OCEL 2.0 ────────────────────────────────────────────────────────────────────────────────────────────────

export interface OcelDraft {
  /** Leave out some objects (relationships then point at objects that are not there). */
  missingObjects: boolean;
  /** List one object twice. */
  duplicateObject: boolean;
  /** Objects of another type with raw identifiers (households), related to the events. */
  households: boolean;
  /** Counts as JSON numbers (else as text). */
  numericCounts: boolean;
  /** Replace a part of the document by a value of the wrong type. */
  wrongType: {
    part: 'events' | 'objects' | 'objectTypes' | 'eventTypes' | 'relationships' | 'attributes' | 'time';
    value: Tree;
  } | null;
}

/** OCEL logs; with `bad`, objects missing or listed twice and parts of the wrong type. */
export function ocelDraft(bad: boolean): fc.Arbitrary<OcelDraft> {
  return fc.record({
    missingObjects: bad ? chance(0.2) : fc.constant(false),
    duplicateObject: bad ? chance(0.2) : fc.constant(false),
    households: fc.boolean(),
    numericCounts: fc.boolean(),
    wrongType: bad
      ? sometimes(
          fc.record({
            part: fc.constantFrom(
              'events' as const,
              'objects' as const,
              'objectTypes' as const,
              'eventTypes' as const,
              'relationships' as const,
              'attributes' as const,
              'time' as const,
            ),
            value: leaf.map((l) => l as Tree),
          }),
          0.25,
        )
      : fc.constant(null),
  });
}

/** The objects and per-event relationships of an OCEL log of `events`. */
function ocelParts(events: readonly LogEvent[], draft: OcelDraft) {
  const objects: { id: string; type: string }[] = [];
  const seen = new Set<string>();
  const add = (id: string, type: string) => {
    if (!seen.has(id)) objects.push({ id, type });
    seen.add(id);
  };
  events.forEach((e, i) => {
    add(`application:${e.caseId}`, 'application');
    if (e.personId !== '') add(`person:${e.personId}`, 'person');
    if (draft.households) add(RAW_ID.household(i % 3), 'household');
  });
  let listed = draft.missingObjects ? objects.filter((_, i) => i % 3 !== 1) : objects;
  if (draft.duplicateObject && listed.length > 0) listed = [...listed, listed[0]];
  const relationships = (e: LogEvent, i: number) => [
    { objectId: `application:${e.caseId}`, qualifier: 'case' },
    ...(e.personId !== '' ? [{ objectId: `person:${e.personId}`, qualifier: 'person' }] : []),
    ...(draft.households ? [{ objectId: RAW_ID.household(i % 3), qualifier: 'household' }] : []),
  ];
  return { objects: listed, relationships };
}

const OCEL_ATTRIBUTES: [string, keyof LogEvent][] = [
  ['lifecycle', 'lifecycle'],
  ['partner', 'partner'],
  ['stage', 'stage'],
  ['track', 'track'],
  ['location', 'location'],
  ['outcome', 'outcome'],
  ['persons', 'persons'],
  ['children', 'children'],
];

/** OCEL 2.0 JSON of `events`, as a tree (so that it can be mutated further and written with toJson). */
export function ocelJsonTree(events: readonly LogEvent[], draft: OcelDraft): Tree {
  const { objects, relationships } = ocelParts(events, draft);
  const activities = [...new Set(events.map((e) => e.activity))];
  const count = (v: string): Tree => (draft.numericCounts && /^-?\d/.test(v) ? { num: v } : { str: v });
  const eventTrees: Tree[] = events.map((e, i) => ({
    map: [
      ['id', { str: e.eventId }],
      ['type', { str: e.activity }],
      ['time', { str: e.timestamp }],
      [
        'attributes',
        {
          seq: OCEL_ATTRIBUTES.filter(([, f]) => e[f] !== '').map(([name, f]) => ({
            map: [
              ['name', { str: name }],
              ['value', name === 'persons' || name === 'children' ? count(e[f]) : { str: e[f] }],
            ] as [string, Tree][],
          })),
        },
      ],
      [
        'relationships',
        {
          seq: relationships(e, i).map((r) => ({
            map: [
              ['objectId', { str: r.objectId }],
              ['qualifier', { str: r.qualifier }],
            ] as [string, Tree][],
          })),
        },
      ],
    ],
  }));
  const tree: Tree = {
    map: [
      ['objectTypes', treeOf(['application', 'person', 'household'].map((name) => ({ name, attributes: [] })))],
      [
        'eventTypes',
        treeOf(
          activities.map((name) => ({
            name,
            attributes: [
              { name: 'lifecycle', type: 'string' },
              { name: 'persons', type: 'integer' },
            ],
          })),
        ),
      ],
      ['objects', treeOf(objects.map((o) => ({ id: o.id, type: o.type, attributes: [], relationships: [] })))],
      ['events', { seq: eventTrees }],
    ],
  };
  if (draft.wrongType) {
    const { part, value } = draft.wrongType;
    const top = (tree as { map: [string, Tree][] }).map;
    const k = top.findIndex(([name]) => name === part);
    if (k >= 0) top[k] = [part, value];
    else {
      // A part of the first event.
      const first = eventTrees[0] as { map: [string, Tree][] };
      const j = first.map.findIndex(([name]) => name === part);
      if (j >= 0) first.map[j] = [part, value];
    }
  }
  return tree;
}

export const ocelJson = (events: readonly LogEvent[], draft: OcelDraft): string => toJson(ocelJsonTree(events, draft));

/** OCEL 2.0 XML of `events`. */
export function ocelXml(events: readonly LogEvent[], draft: OcelDraft, xml: XmlDraft): string {
  const { objects, relationships } = ocelParts(events, draft);
  const activities = [...new Set(events.map((e) => e.activity))];
  let s = `<?xml version="1.0" encoding="UTF-8"?>\n${doctype(xml.doctype, 'log')}<log>\n  <object-types>\n`;
  for (const t of ['application', 'person', 'household'])
    s += `    <object-type name="${t}"><attributes/></object-type>\n`;
  s += '  </object-types>\n  <event-types>\n';
  for (const a of activities)
    s += `    <event-type name="${xmlEscape(a)}"><attributes><attribute name="lifecycle" type="string"/><attribute name="persons" type="integer"/></attributes></event-type>\n`;
  s += '  </event-types>\n  <objects>\n';
  for (const o of objects)
    s += `    <object id="${xml.charRefs ? charRefs(o.id) : xmlEscape(o.id)}" type="${o.type}"><attributes/><objects/></object>\n`;
  s += '  </objects>\n  <events>\n';
  let body = '';
  events.forEach((e, i) => {
    body += `    <event id="${xmlEscape(e.eventId)}" type="${xmlEscape(e.activity)}" time="${xmlEscape(e.timestamp)}"><attributes>`;
    for (const [name, f] of OCEL_ATTRIBUTES)
      if (e[f] !== '')
        body += `<attribute name="${name}">${xml.cdata ? `<![CDATA[${e[f].replace(/]]>/g, '')}]]>` : xmlEscape(e[f])}</attribute>`;
    const entity = entityUse(xml.doctype);
    if (entity !== '') body += `<attribute name="municipality">${entity}</attribute>`;
    body += '</attributes><objects>';
    for (const r of relationships(e, i))
      body += `<relationship object-id="${xmlEscape(r.objectId)}" qualifier="${r.qualifier}"/>`;
    body += '</objects></event>\n';
  });
  s += nest(body, xml.depth, 'events') + '  </events>\n</log>\n';
  return finishXml(s, xml);
}

// ── chain models and measures ───────────────────────────────────────────────────────────────────────────────

const num = (text: string): Tree => ({ num: text });
const str = (text: string): Tree => ({ str: text });

/** A duration: one of the distributions with parameters that fit it (with `bad`, boundary values now and then). */
function durationTree(bad: boolean): fc.Arbitrary<Tree> {
  const days = (max: number) => numberText(0.01, max, true, bad);
  return fc.oneof(
    fc.record({ meanDays: days(5) }).map((d): Tree => ({
      map: [
        ['dist', str('exponential')],
        ['meanDays', num(d.meanDays)],
      ],
    })),
    fc.record({ days: days(5) }).map((d): Tree => ({
      map: [
        ['dist', str('fixed')],
        ['days', num(d.days)],
      ],
    })),
    // A clean spread is a share of the mean that both distributions take (gamma: up to 4 × the mean).
    fc
      .record({
        dist: fc.constantFrom('lognormal', 'gamma'),
        meanDays: days(5),
        sdDays: days(3),
        share: fc.double({ min: 0.1, max: 2, noNaN: true }),
      })
      .map((d): Tree => ({
        map: [
          ['dist', str(d.dist)],
          ['meanDays', num(d.meanDays)],
          ['sdDays', num(bad ? d.sdDays : String(Number((Number(d.meanDays) * d.share).toPrecision(4))))],
        ],
      })),
    fc.record({ a: days(1), b: days(1), c: days(1) }).map((d): Tree => {
      const [min, mode, max] = bad
        ? [d.a, d.b, d.c]
        : [d.a, d.b, d.c]
            .map(Number)
            .sort((x, y) => x - y)
            .map((x, i) => String(x + i));
      return {
        map: [
          ['dist', str('triangular')],
          ['minDays', num(min)],
          ['modeDays', num(mode)],
          ['maxDays', num(max)],
        ],
      };
    }),
    fc
      .array(fc.tuple(numberText(0, 9, false, bad), numberText(0.1, 1, true, bad)), {
        minLength: bad ? 0 : 1,
        maxLength: 4,
      })
      .map((pairs): Tree => ({
        map: [
          ['dist', str('empirical')],
          ['valuesDays', { seq: pairs.map(([v]) => num(v)) }],
          ['weights', { seq: pairs.map(([, w]) => num(w)) }],
        ],
      })),
  );
}

function capacityTree(bad: boolean): fc.Arbitrary<Tree> {
  return fc.oneof(
    numberText(1, 6, false, bad).map((n): Tree => ({ map: [['servers', num(n)]] })),
    fc
      .record({
        amount: numberText(1, 500, false, bad),
        per: maybeBad(fc.constantFrom('day', 'week', 'month', 'halfYear', 'year'), bad),
      })
      .map((t): Tree => ({
        map: [
          [
            'throughput',
            {
              map: [
                ['amount', num(t.amount)],
                ['per', str(t.per)],
              ],
            },
          ],
        ],
      })),
    fc.constant<Tree>(str('unlimited')),
    // A stage of the staff pool `staff` (modelTree adds the pool when a stage uses it).
    fc.record({ hours: numberText(0.5, 40, true, bad), perPerson: fc.boolean() }).map((p): Tree => ({
      map: [
        ['pool', str('staff')],
        [p.perPerson ? 'hoursPerPerson' : 'hoursPerCase', num(p.hours)],
      ],
    })),
    fc
      .record({
        from: bad ? fc.constantFrom('2025-01-01', '2025-01-15', '2024-12-31', '2025-02-30') : fc.constant('2025-01-01'),
        value: numberText(1, 6, false, bad),
      })
      .map((s): Tree => ({
        map: [
          [
            'servers',
            {
              seq: [
                {
                  map: [
                    ['from', str(s.from)],
                    ['value', num(s.value)],
                  ],
                },
              ],
            },
          ],
        ],
      })),
  );
}

/** A small chain model: a line of 1–4 stages with a Poisson or monthly inflow; with `bad`, boundary values mixed in. */
export function modelTree(bad: boolean): fc.Arbitrary<Tree> {
  return fc
    .record({
      start: bad
        ? maybeBad(fc.constantFrom('2025-01-01', '2024-02-29', '2025-12-31'), true)
        : fc.constant('2025-01-01'),
      horizonDays: numberText(11, 60, false, bad),
      warmupDays: numberText(0, 10, false, bad),
      seed: numberText(0, 100, false, bad),
      stages: fc.array(
        fc.record({ capacity: capacityTree(bad), serviceTime: durationTree(bad), workingDaysOnly: fc.boolean() }),
        { minLength: 1, maxLength: 4 },
      ),
      inflow: fc.oneof(
        numberText(0, 300, true, bad).map((first): Tree => ({ map: [['perDay', { map: [['first', num(first)]] }]] })),
        fc.array(numberText(0, 5000, false, bad), { minLength: 1, maxLength: 4 }).map((counts): Tree => ({
          // From 2024-10, so that the series begins before the start (2025-01-01), as a monthly inflow must.
          map: [
            ['afterLastMonth', str('hold-last')],
            [
              'monthly',
              {
                seq: counts.map((c, i) => ({
                  map: [
                    ['month', str(periodLabel('month', 153 + i))],
                    ['first', num(c)],
                  ] as [string, Tree][],
                })),
              },
            ],
          ],
        })),
      ),
      householdSizes: sometimes(fc.array(numberText(1, 6, false, bad), { minLength: 1, maxLength: 3 }), 0.5),
      childShare: sometimes(numberText(0, 1, true, bad), 0.5),
      pool: fc.record({
        fte: numberText(0, 20, true, bad),
        hoursPerFteDay: numberText(0.5, 12, true, bad),
        rule: maybeBad(fc.constantFrom('priority', 'shares', 'backlog'), bad),
      }),
      // A norm from arrival to the end of the last stage, now and then with a penalty regime and an extension.
      norm: sometimes(
        fc.record({
          days: numberText(1, 40, false, bad),
          regime: sometimes(
            fc.record({
              noticeShare: numberText(0, 1, true, bad),
              graceDays: numberText(0, 20, false, bad),
              stepDays: numberText(1, 20, false, bad),
              stepEur: numberText(0, 100, true, bad),
              lastEur: numberText(0, 100, true, bad),
              cap: numberText(0, 2000, true, bad),
              until: sometimes(maybeBad(fc.constantFrom('2025-02-01', '2025-01-20'), bad), 0.5),
            }),
            0.7,
          ),
          extensionDays: sometimes(numberText(1, 30, false, bad), 0.4),
        }),
        0.5,
      ),
      // Persons already in the first stage with an age, now and then.
      initial: sometimes(fc.record({ persons: numberText(0, 40, false, bad), age: durationTree(bad) }), 0.4),
    })
    .map((m): Tree => {
      const stages: Tree[] = m.stages.map((s, i) => ({
        map: [
          ['id', str(`s${i}`)],
          ['partner', str('p')],
          ['capacity', s.capacity],
          ['serviceTime', s.serviceTime],
          ['workingDaysOnly', { raw: String(s.workingDaysOnly) }],
          ['next', i + 1 < m.stages.length ? str(`s${i + 1}`) : { seq: [{ map: [['exit', str('other')]] }] }],
        ],
      }));
      const cohort: [string, Tree][] = [['id', str('all')]];
      if (m.childShare !== null) cohort.push(['childShare', num(m.childShare)]);
      if (m.householdSizes !== null)
        cohort.push([
          'householdSize',
          {
            map: [
              ['sizes', { seq: m.householdSizes.map(num) }],
              ['weights', { seq: m.householdSizes.map(() => num('1')) }],
            ],
          },
        ]);
      const inflow = m.inflow as { map: [string, Tree][] };
      // The staff pool of the stages that use it, divided by the drawn rule over those stages.
      const pooled = m.stages.flatMap((s, i) => (isPoolCapacity(s.capacity) ? [`s${i}`] : []));
      const division: [string, Tree][] = [['rule', str(m.pool.rule)]];
      if (m.pool.rule === 'priority') division.push(['order', { seq: pooled.map(str) }]);
      if (m.pool.rule === 'shares')
        division.push(['shares', { map: pooled.map((id): [string, Tree] => [id, num(String(1 / pooled.length))]) }]);
      const pools: [string, Tree][] =
        pooled.length === 0
          ? []
          : [
              [
                'staffPools',
                {
                  seq: [
                    {
                      map: [
                        ['id', str('staff')],
                        ['partner', str('p')],
                        ['fte', num(m.pool.fte)],
                        ['hoursPerFteDay', num(m.pool.hoursPerFteDay)],
                        ['division', { map: division }],
                      ],
                    },
                  ],
                },
              ],
            ];
      const last = `s${m.stages.length - 1}`;
      const norms: [string, Tree][] = [];
      if (m.norm !== null) {
        const norm: [string, Tree][] = [
          ['id', str('n')],
          ['from', str('arrival')],
          ['to', { map: [['stages', { seq: [str(last)] }]] }],
          ['days', num(m.norm.days)],
        ];
        if (m.norm.extensionDays !== null)
          norm.push([
            'extensions',
            {
              seq: [
                {
                  map: [
                    ['from', str('2025-01-10')],
                    ['addDays', num(m.norm.extensionDays)],
                  ],
                },
              ],
            },
          ]);
        const r = m.norm.regime;
        if (r !== null) {
          const regime: [string, Tree][] = [
            ['id', str('r')],
            ['noticeShare', num(r.noticeShare)],
            ['graceDays', num(r.graceDays)],
            [
              'steps',
              {
                seq: [
                  {
                    map: [
                      ['days', num(r.stepDays)],
                      ['perDayEur', num(r.stepEur)],
                    ],
                  },
                  { map: [['perDayEur', num(r.lastEur)]] },
                ],
              },
            ],
            ['maxPerCaseEur', num(r.cap)],
          ];
          if (r.until !== null) regime.push(['until', str(r.until)]);
          norm.push(['penalties', { seq: [{ map: regime }] }]);
        }
        norms.push(['norms', { seq: [{ map: norm }] }]);
      }
      const initial: [string, Tree][] =
        m.initial === null
          ? []
          : [
              [
                'initialState',
                {
                  seq: [
                    {
                      map: [
                        ['stage', str('s0')],
                        ['persons', num(m.initial.persons)],
                        ['age', { map: [['sinceArrival', m.initial.age]] }],
                      ],
                    },
                  ],
                },
              ],
            ];
      return {
        map: [
          ['doorstroom', num('1')],
          ['name', str('fuzz')],
          ['seed', num(m.seed)],
          [
            'time',
            {
              map: [
                ['start', str(m.start)],
                ['horizonDays', num(m.horizonDays)],
                ['warmupDays', num(m.warmupDays)],
              ],
            },
          ],
          ['calendar', { map: [['holidays', str('none')]] }],
          ['partners', { seq: [{ map: [['id', str('p')]] }] }],
          ['cohorts', { seq: [{ map: cohort }] }],
          ['inflow', { map: [['entry', { map: [['first', str('s0')]] }], ...inflow.map] }],
          ['stages', { seq: stages }],
          ...pools,
          ...norms,
          ...initial,
        ],
      };
    });
}

function isPoolCapacity(t: Tree): boolean {
  return typeof t === 'object' && 'map' in t && t.map.some(([k]) => k === 'pool');
}

/** Changes that nl-baseline.yaml takes (path, operation, a value of the right form). */
const VALID_CHANGES: { op: string; path: string; value: (n: string) => Tree }[] = [
  { op: 'set', path: 'stages[housing].capacity.throughput.amount', value: num },
  { op: 'set', path: 'stages[aa].capacity.servers', value: num },
  { op: 'set', path: 'reception.locations[azc].beds', value: num },
  { op: 'scale', path: 'stages[va].serviceTime.meanDays', value: () => num('0.9') },
  { op: 'set', path: 'stages[aa].serviceTime.weights', value: () => ({ seq: [num('0.85'), num('0.15')] }) },
  { op: 'add', path: 'stages[housing].location', value: () => str('emergency') },
];

/** Paths of nl-baseline.yaml a broken measure may name (real ones, near misses and hostile ones). */
const MEASURE_PATHS = [
  ...VALID_CHANGES.map((c) => c.path),
  'stages[rvt].location',
  'reception.locations',
  'cohorts[mixed].grantProbability.aa-decision',
  'inflow.monthly',
  'time.horizonDays',
  'stages[hosuing].capacity',
  'stages[].x',
  'stages[aa]',
  'stages',
  'norms',
  'a.b.c.d.e.f',
  '',
  '.',
  '[',
  'stages[aa',
  'stages[__proto__].capacity',
  '__proto__.polluted',
  'constructor.prototype.x',
];

/** A measure file for nl-baseline.yaml; with `bad`, broken paths, operations and values. */
export function measureTree(bad: boolean): fc.Arbitrary<Tree> {
  const valid = fc
    .record({
      change: fc.constantFrom(...VALID_CHANGES),
      n: fc.integer({ min: 1, max: 20000 }).map(String),
      from: sometimes(fc.constant('2025-07-01'), 0.3),
    })
    .map(({ change, n, from }) => ({ op: change.op, path: change.path, value: change.value(n), from }));
  const broken = fc.record({
    op: fc.constantFrom('set', 'scale', 'add', 'remove'),
    path: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...MEASURE_PATHS) },
      { weight: 1, arbitrary: hostileString },
    ),
    value: fc.oneof(
      numberText(0, 20000, false, true).map(num),
      leaf.map((l) => l as Tree),
      fc.constant<Tree>({ map: [['servers', num('10')]] }),
    ),
    from: sometimes(maybeBad(fc.constantFrom('2025-07-01', '2023-01-01', '2031-01-01'), true), 0.3),
  });
  return fc.array(bad ? fc.oneof(valid, broken) : valid, { minLength: 1, maxLength: 4 }).map((changes): Tree => ({
    map: [
      ['doorstroom-measure', num('1')],
      ['name', str('fuzz measure')],
      [
        'changes',
        {
          seq: changes.map((c) => {
            const entry: [string, Tree][] = [[c.op, str(c.path)]];
            if (c.op === 'scale') entry.push(['by', c.value]);
            else if (c.op !== 'remove') entry.push(['value', c.value]);
            if (c.from !== null && c.op === 'set') entry.push(['from', str(c.from)]);
            return { map: entry };
          }),
        },
      ],
    ],
  }));
}

// ── counts per period (inflow files, forecast series) ───────────────────────────────────────────────────────

export interface SeriesDraft {
  frequency: 'month' | 'quarter' | 'week' | 'year';
  /** The first period, counted from 2012-01 (2012-Q1, 2012-W01, 2012). */
  start: number;
  counts: string[][];
  /** Period labels broken: a duplicate, a gap, out of order, a bad label. */
  labels: { at: number; to: 'duplicate' | 'gap' | 'swap' | 'bad' }[];
  badLabel: string;
}

/** Series of `columns` counts per period, `minLength` to `maxLength` periods; with `bad`, broken counts and labels. */
export function seriesDraft(
  columns: number,
  minLength: number,
  maxLength: number,
  bad: boolean,
): fc.Arbitrary<SeriesDraft> {
  const count = bad
    ? fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 5000 }).map(String) },
        { weight: 1, arbitrary: numberText(0, 5000, false, true) },
        { weight: 1, arbitrary: fc.constant('') },
      )
    : fc.integer({ min: 0, max: 5000 }).map(String);
  return fc.record({
    frequency: fc.constantFrom(
      'month' as const,
      'month' as const,
      'quarter' as const,
      'week' as const,
      'year' as const,
    ),
    start: fc.integer({ min: 0, max: 24 }),
    counts: fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength, maxLength }),
    labels: bad
      ? fc.array(
          fc.record({
            at: fc.nat(),
            to: fc.constantFrom('duplicate' as const, 'gap' as const, 'swap' as const, 'bad' as const),
          }),
          { maxLength: 2 },
        )
      : fc.constant([]),
    badLabel: fc.oneof(
      fc.constantFrom('2025-13', '2025-00', '2025-Q5', '2025-W60', '99999-01', '2025-1', '2025/01', 'jan 2025'),
      hostileString,
    ),
  });
}

/** The period label of the k-th period of a frequency, from 2012. */
export function periodLabel(frequency: SeriesDraft['frequency'], k: number): string {
  if (frequency === 'month') return `${2012 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  if (frequency === 'quarter') return `${2012 + Math.floor(k / 4)}-Q${(k % 4) + 1}`;
  if (frequency === 'week') return `${2012 + Math.floor(k / 52)}-W${String((k % 52) + 1).padStart(2, '0')}`;
  return String(2012 + k);
}

/** The rows (period label first) of a series draft, with its broken labels. */
export function seriesRows(d: SeriesDraft, frequency = d.frequency): string[][] {
  const rows = d.counts.map((c, i) => [periodLabel(frequency, d.start + i), ...c]);
  for (const b of d.labels) {
    if (rows.length === 0) break;
    const k = b.at % rows.length;
    if (b.to === 'duplicate') rows.splice(k, 0, [...rows[k]]);
    else if (b.to === 'gap') rows.splice(k, 1);
    else if (b.to === 'swap' && rows.length > 1)
      [rows[k][0], rows[(k + 1) % rows.length][0]] = [rows[(k + 1) % rows.length][0], rows[k][0]];
    else if (b.to === 'bad') rows[k][0] = d.badLabel;
  }
  return rows;
}

// ── municipal files (allocate, placement) ───────────────────────────────────────────────────────────────────

export interface Household {
  id: string;
  persons: string;
  children: string;
  origin: string;
  profile: string;
}

export const HOUSEHOLD_COLUMNS = ['id', 'persons', 'children', 'origin', 'profile'] as const;
export const PROFILES = ['care', 'tech', 'logistics'] as const;

/** 1–12 households with raw ids and origins from `codes`; with `bad`, bad counts and codes, repeated or empty ids, a raw id moved into another column. */
export function households(codes: readonly string[], bad: boolean): fc.Arbitrary<Household[]> {
  const valid = {
    persons: fc.integer({ min: 1, max: 6 }),
    children: fc.integer({ min: 0, max: 2 }),
    origin: fc.constantFrom(...codes),
    profile: fc.constantFrom('', ...PROFILES),
    idKind: fc.constant('new' as const),
    misplace: fc.constant(null),
  };
  const draft = fc.record({
    ...valid,
    persons: valid.persons.map(String) as fc.Arbitrary<string>,
    children: valid.children.map(String) as fc.Arbitrary<string>,
    ...(bad
      ? {
          persons: fc.oneof(
            { weight: 8, arbitrary: valid.persons.map(String) },
            { weight: 1, arbitrary: numberText(0, 200, false, true) },
          ),
          children: fc.oneof(
            { weight: 8, arbitrary: valid.children.map(String) },
            { weight: 1, arbitrary: numberText(0, 200, false, true) },
          ),
          origin: fc.oneof(
            { weight: 9, arbitrary: valid.origin },
            {
              weight: 1,
              arbitrary: fc.oneof(fc.constantFrom('GM9999', 'gm0014', 'GM14', '0014', 'PV20', ''), hostileString),
            },
          ),
          profile: maybeBad(valid.profile, true),
          idKind: fc.oneof(
            { weight: 12, arbitrary: valid.idKind },
            { weight: 1, arbitrary: fc.constantFrom('repeat' as const, 'empty' as const) },
          ),
          misplace: sometimes(fc.constantFrom('persons' as const, 'children' as const, 'origin' as const), 0.1),
        }
      : {}),
  }) as fc.Arbitrary<{
    persons: string;
    children: string;
    origin: string;
    profile: string;
    idKind: 'new' | 'repeat' | 'empty';
    misplace: 'persons' | 'children' | 'origin' | null;
  }>;
  return fc.array(draft, { minLength: 1, maxLength: 12 }).map((drafts) =>
    drafts.map((d, k) => {
      // A clean household has no more children than persons.
      const children = bad ? d.children : String(Math.min(Number(d.children), Number(d.persons) - 1));
      const h: Household = {
        id: d.idKind === 'empty' ? '' : RAW_ID.household(d.idKind === 'repeat' && k > 0 ? k - 1 : k),
        persons: d.persons,
        children,
        origin: d.origin,
        profile: d.profile,
      };
      if (d.misplace) [h.id, h[d.misplace]] = [h[d.misplace], h.id];
      return h;
    }),
  );
}

/**
 * Values per municipality: `code` (or `cbs_code`) and the value columns, for up to 15 distinct codes of `codes`;
 * with `bad`, unknown and repeated codes and the values' own faults.
 */
export function municipalValues(
  codes: readonly string[],
  columns: readonly { name: string; value: fc.Arbitrary<string> }[],
  bad: boolean,
): fc.Arbitrary<{ header: string[]; rows: string[][] }> {
  const code = bad
    ? fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...codes) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom('GM9999', 'GM0014 ', 'gm0034', 'PV20', ''), hostileString) },
      )
    : fc.constantFrom(...codes);
  const row = fc.tuple(code, ...columns.map((c) => c.value));
  return fc
    .record({
      codeColumn: fc.constantFrom('code', 'cbs_code'),
      rows: bad
        ? fc.array(row, { minLength: 0, maxLength: 15 })
        : fc.uniqueArray(row, { minLength: 1, maxLength: 15, selector: (r) => r[0] }),
    })
    .map(({ codeColumn, rows }) => ({
      header: [codeColumn, ...columns.map((c) => c.name)],
      rows: rows.map((r) => [...r]),
    }));
}
