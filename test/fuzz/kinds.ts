// Bad-input testing, the kinds of input: for each, a fast-check arbitrary of whole cases (command line and
// files) that mixes mutants of the shipped inputs (corpus.ts + mutate.ts) with structure-aware ones
// (formats.ts), for the commands that read that input. The property tests and the campaign draw from these same
// arbitraries; a test restricts the commands to keep its time, the campaign uses them all.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Corpus } from './corpus.ts';
import {
  CANONICAL,
  canonicalColumns,
  canonicalCsv,
  csvShape,
  EXTERNAL_ENTITY_FILE,
  eventLog,
  HOUSEHOLD_COLUMNS,
  households,
  type LogEvent,
  mappingDraft,
  type MappingDraft,
  measureTree,
  modelTree,
  municipalValues,
  ocelDraft,
  ocelJsonTree,
  ocelXml,
  partnerLog,
  PROFILES,
  seriesDraft,
  seriesRows,
  writeCsv,
  xesLog,
  xmlDraft,
} from './formats.ts';
import {
  applyByteMutations,
  applyTreeMutations,
  byteMutations,
  type Tree,
  toJson,
  toYaml,
  treeMutations,
  treeOf,
  yamlTree,
} from './mutate.ts';
import type { FuzzCase } from './runner.ts';
import { chance, maybeBad, numberText, plantedIn, RAW_ID, sometimes } from './values.ts';

export const COMMANDS = [
  'validate',
  'simulate',
  'compare',
  'plan capacity',
  'import',
  'monitor',
  'calibrate',
  'allocate taakstelling',
  'allocate key',
  'allocate placement',
  'forecast',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface Kind {
  name: string;
  /** What is generated, for the campaign's --help and the documentation. */
  about: string;
  /** The commands that read this input. */
  commands: readonly CommandName[];
  /** Cases for `commands` (a subset of the kind's; default all of them). */
  cases(corpus: Corpus, commands?: readonly CommandName[]): fc.Arbitrary<FuzzCase>;
}

/** A simulation as short as a check needs: one replication, one thread, 30 days. */
export const SMALL_RUN = ['--replications', '1', '--workers', '1', '--horizon-days', '30'] as const;

/** A file's content with how it was made. */
interface Made {
  content: string | Uint8Array;
  note: string;
  /** Made by a structure-aware generator or a tree mutation, which never move an identifier into a passed-on field. */
  structured: boolean;
}

/** A note on mutations, with long values cut. */
function describe(what: string, mutations: unknown): string {
  return `${what} ${JSON.stringify(mutations, (_, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v))}`;
}

/** Mutants of a seed text: bytes and lines (mostly), or its YAML/JSON tree; now and then the seed unchanged. */
function mutants(name: string, seed: string, tree?: 'yaml' | 'json'): fc.Arbitrary<Made> {
  const options: fc.WeightedArbitrary<Made>[] = [
    { weight: 1, arbitrary: fc.constant({ content: seed, note: `${name} unchanged`, structured: true }) },
    {
      weight: 6,
      arbitrary: byteMutations().map((ms) => ({
        content: applyByteMutations(seed, ms),
        note: describe(`${name} bytes`, ms),
        structured: false,
      })),
    },
  ];
  const parsed = tree === 'yaml' ? yamlTree(seed) : tree === 'json' ? jsonTree(seed) : undefined;
  if (parsed) {
    const write = tree === 'yaml' ? toYaml : toJson;
    options.push({
      weight: 4,
      arbitrary: treeMutations().map((ms) => ({
        content: write(applyTreeMutations(parsed, ms)),
        note: describe(`${name} tree`, ms),
        structured: true,
      })),
    });
  }
  return fc.oneof(...options);
}

function jsonTree(text: string): Tree | undefined {
  try {
    return treeOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Generated inputs: clean ones (every value valid) as often as ones with faults mixed in. */
function cleanOrBad<T>(make: (bad: boolean) => fc.Arbitrary<T>): fc.Arbitrary<T & { bad: boolean }> {
  return fc.oneof(
    make(false).map((v) => ({ ...v, bad: false })),
    make(true).map((v) => ({ ...v, bad: true })),
  );
}

/** A structure-aware tree (clean or with faults), sometimes mutated further. */
function structuredTree(
  name: string,
  trees: (bad: boolean) => fc.Arbitrary<Tree>,
  write: (t: Tree) => string,
): fc.Arbitrary<Made> {
  return fc.tuple(fc.boolean(), sometimes(treeMutations(2), 0.2)).chain(([bad, ms]) =>
    trees(bad).map((t) => ({
      content: write(ms ? applyTreeMutations(t, ms) : t),
      note: `${name} generated${bad ? ' with faults' : ''}${ms ? describe(', tree', ms) : ''}`,
      structured: true,
    })),
  );
}

/** The command chosen among those allowed. */
function pick(allowed: readonly CommandName[], own: readonly CommandName[]): fc.Arbitrary<CommandName> {
  const usable = own.filter((c) => allowed.includes(c));
  if (usable.length === 0) throw new Error(`none of the commands ${own.join(', ')} is allowed`);
  return fc.constantFrom(...usable);
}

/** The planted identifiers of a case's inputs, when it pseudonymises: what must not come out. */
function leakOf(files: FuzzCase['files'], pseudonymise: boolean, strict: boolean): FuzzCase['leak'] {
  if (!pseudonymise) return undefined;
  const ids = new Set<string>();
  for (const content of Object.values(files))
    for (const id of plantedIn(typeof content === 'string' ? content : Buffer.from(content).toString('latin1')))
      ids.add(id);
  return { ids: [...ids], strict };
}

// ── chain models, measures, inflow files ────────────────────────────────────────────────────────────────────

const INFLOW_DATA = 'asylum_applicants_monthly_nl_de_2012_2019.csv';

/** The model's run shortened to `days` (warm-up 0), for plan capacity, which has no --horizon-days. */
function shortRun(model: string, days: number): string {
  return model.replace(/horizonDays: *\d+/, `horizonDays: ${days}`).replace(/warmupDays: *\d+/, 'warmupDays: 0');
}

/** The command line that runs a model file (and measures), for each model command. */
function modelArgs(
  command: CommandName,
  model: string,
  measures: string[],
  extra: { out: boolean; trace: boolean; json: boolean },
): string[] {
  const withs = measures.flatMap((m) => ['--with', m]);
  switch (command) {
    case 'validate':
      return ['validate', model];
    case 'simulate':
      return [
        'simulate',
        model,
        ...withs,
        ...SMALL_RUN,
        ...(extra.out ? ['--out', 'out'] : []),
        ...(extra.trace ? ['--trace', 'trace.csv'] : []),
        ...(extra.json ? ['--json'] : []),
      ];
    case 'compare':
      return [
        'compare',
        model,
        '--with',
        measures.length > 0 ? measures.join(',') : 'examples/measures/faster-housing.yaml',
        '--replications',
        '2',
        '--workers',
        '1',
        '--horizon-days',
        '30',
        ...(extra.out ? ['--out', 'out'] : []),
        '--quiet',
      ];
    case 'plan capacity':
      return [
        'plan',
        'capacity',
        model,
        ...withs,
        '--months',
        '1',
        '--replications',
        '1',
        '--workers',
        '1',
        '--max-iterations',
        '1',
        '--target',
        'decision-term=0.9',
        ...(extra.out ? ['--out', 'out'] : []),
        '--quiet',
      ];
    default:
      throw new Error(`not a model command: ${command}`);
  }
}

const modelExtras = fc.record({ out: fc.boolean(), trace: fc.boolean(), json: fc.boolean() });

/** The files a model under examples/ may refer to: the inflow data, and the measure used by compare. */
function modelCompanions(corpus: Corpus): FuzzCase['files'] {
  return {
    [`data/${INFLOW_DATA}`]: corpus.data[INFLOW_DATA],
    'examples/measures/faster-housing.yaml': corpus.measures['measures/faster-housing.yaml'],
  };
}

const modelKind: Kind = {
  name: 'model',
  about: 'chain model YAML: mutants of examples/*.yaml (bytes, lines, YAML tree) and generated models',
  commands: ['validate', 'simulate', 'compare', 'plan capacity'],
  cases(corpus, commands) {
    const names = Object.keys(corpus.models);
    return fc
      .record({
        command: pick(commands ?? this.commands, this.commands),
        name: fc.constantFrom(...names),
        extras: modelExtras,
        generated: fc.boolean(),
      })
      .chain(({ command, name, extras, generated }) => {
        // compare applies a measure of nl-baseline.yaml, plan capacity plans its norms: both start from that model.
        const baseline = command === 'compare' || command === 'plan capacity';
        const seed =
          command === 'plan capacity'
            ? shortRun(corpus.models['nl-baseline.yaml'], 400)
            : corpus.models[baseline ? 'nl-baseline.yaml' : name];
        const seedName =
          command === 'plan capacity' ? 'nl-baseline.yaml (400 days)' : baseline ? 'nl-baseline.yaml' : name;
        const source =
          generated && !baseline
            ? structuredTree('model', modelTree, toYaml)
            : mutants(`examples/${seedName}`, seed, 'yaml');
        return source.map((made): FuzzCase => ({
          kind: 'model',
          command,
          args: modelArgs(command, 'examples/model.yaml', [], extras),
          files: { 'examples/model.yaml': made.content, ...modelCompanions(corpus) },
          note: made.note,
        }));
      });
  },
};

const measureKind: Kind = {
  name: 'measure',
  about: 'measure YAML applied to nl-baseline.yaml: mutants of examples/measures*/*.yaml and generated measures',
  commands: ['simulate', 'compare', 'plan capacity'],
  cases(corpus, commands) {
    const names = Object.keys(corpus.measures);
    return fc
      .record({
        command: pick(commands ?? this.commands, this.commands),
        name: fc.constantFrom(...names),
        extras: modelExtras,
        generated: fc.boolean(),
      })
      .chain(({ command, name, extras, generated }) => {
        const base = name.startsWith('measures-2015/') ? 'nl-2014-2017.yaml' : 'nl-baseline.yaml';
        const source = generated
          ? structuredTree('measure', measureTree, toYaml)
          : mutants(`examples/${name}`, corpus.measures[name], 'yaml');
        const baseText =
          command === 'plan capacity'
            ? shortRun(corpus.models['nl-baseline.yaml'], 400)
            : corpus.models[generated ? 'nl-baseline.yaml' : base];
        return source.map((made): FuzzCase => ({
          kind: 'measure',
          command,
          args: modelArgs(command, 'examples/base.yaml', ['measure.yaml'], extras),
          files: { 'examples/base.yaml': baseText, 'measure.yaml': made.content, ...modelCompanions(corpus) },
          note: made.note,
        }));
      });
  },
};

const inflowKind: Kind = {
  name: 'inflow',
  about: `inflow CSV of a model (inflow.file, inflow.forecast): mutants of data/${INFLOW_DATA} and generated monthly series`,
  commands: ['validate', 'simulate'],
  cases(corpus, commands) {
    // 88 months from 2012-01 cover both models' runs (to 2017-12) and history (to 2019-04); with faults, anything.
    const generated = cleanOrBad((bad) =>
      fc.record({ draft: seriesDraft(2, bad ? 0 : 88, 100, bad), shape: csvShape(bad) }),
    ).map(({ draft, shape, bad }): Made => ({
      content: writeCsv(['month', 'NL', 'DE'], seriesRows(bad ? draft : { ...draft, start: 0 }, 'month'), shape),
      note: `inflow generated${bad ? ' with faults' : ''} ${JSON.stringify({ ...draft, counts: draft.counts.length })}`,
      structured: true,
    }));
    return fc
      .record({
        command: pick(commands ?? this.commands, this.commands),
        model: fc.constantFrom('nl-2014-2017.yaml', 'nl-forecast-2019.yaml'),
        extras: modelExtras,
        source: fc.oneof(mutants(`data/${INFLOW_DATA}`, corpus.data[INFLOW_DATA]), generated),
      })
      .map(({ command, model, extras, source }): FuzzCase => ({
        kind: 'inflow',
        command,
        args: modelArgs(command, `examples/${model}`, [], extras),
        files: { [`examples/${model}`]: corpus.models[model], [`data/${INFLOW_DATA}`]: source.content },
        note: source.note,
      }));
  },
};

// ── event logs ──────────────────────────────────────────────────────────────────────────────────────────────

const LOG_COMMANDS: readonly CommandName[] = ['import', 'monitor', 'calibrate'];
const OUT_EXTENSIONS = ['csv', 'xes', 'jsonocel', 'xmlocel'] as const;

interface LogOptions {
  command: CommandName;
  pseudonymise: boolean;
  strict: boolean;
  out: (typeof OUT_EXTENSIONS)[number];
  wrongFormat: boolean;
  byModel: boolean;
  by: string | null;
  outFolder: boolean;
  validate: string;
}

function logOptions(commands: readonly CommandName[], own: readonly CommandName[]): fc.Arbitrary<LogOptions> {
  return fc.record({
    command: pick(commands, own),
    pseudonymise: chance(0.7),
    strict: chance(0.2),
    out: fc.oneof(
      { weight: 3, arbitrary: fc.constant('csv' as const) },
      { weight: 1, arbitrary: fc.constantFrom(...OUT_EXTENSIONS) },
    ),
    wrongFormat: chance(0.05),
    byModel: fc.boolean(),
    by: sometimes(fc.constantFrom('track', 'cohort', 'location', 'partner'), 0.4),
    outFolder: fc.boolean(),
    validate: fc.constantFrom('0', '1'),
  });
}

/**
 * A case that reads the event log `file` (with `files`, and `mapping` when given). With --pseudonymise an import
 * is checked for leaks; when the log was not made structure-aware, only into a canonical CSV (whose passed-on
 * columns are not searched).
 */
function logCase(
  corpus: Corpus,
  kind: string,
  file: string,
  files: FuzzCase['files'],
  o: LogOptions,
  made: Made,
  mapping?: string,
): FuzzCase {
  // --format naming another format than the file's.
  const input = o.wrongFormat ? ['--format', /\.csv$/.test(file) ? 'ocel-json' : 'csv'] : [];
  const mapped = mapping !== undefined ? ['--mapping', mapping] : [];
  const strict = o.strict ? ['--strict'] : [];
  const model = { 'tandem.yaml': corpus.models['tandem.yaml'] };
  switch (o.command) {
    case 'import': {
      const out = made.structured ? o.out : 'csv';
      const args = [
        'import',
        file,
        ...input,
        ...mapped,
        ...(o.pseudonymise ? ['--pseudonymise'] : []),
        ...strict,
        '--out',
        `out/events.${out}`,
      ];
      return {
        kind,
        command: 'import',
        args,
        files,
        leak: leakOf(files, o.pseudonymise, made.structured),
        note: made.note,
      };
    }
    case 'monitor': {
      const args = [
        'monitor',
        file,
        ...input,
        ...mapped,
        ...strict,
        ...(o.byModel ? ['--model', 'tandem.yaml'] : []),
        ...(o.by ? ['--by', o.by] : []),
        ...(o.outFolder ? ['--out', 'out'] : []),
      ];
      return { kind, command: 'monitor', args, files: { ...files, ...(o.byModel ? model : {}) }, note: made.note };
    }
    case 'calibrate': {
      const args = [
        'calibrate',
        file,
        ...input,
        ...mapped,
        ...strict,
        '--model',
        'tandem.yaml',
        '--validate',
        o.validate,
        '--fitted',
        'fitted.yaml',
        ...(o.outFolder ? ['--out', 'out'] : []),
        '--quiet',
      ];
      return { kind, command: 'calibrate', args, files: { ...files, ...model }, note: made.note };
    }
    default:
      throw new Error(`not a log command: ${o.command}`);
  }
}

/** Now and then a gzip-compressed copy (its name gets .gz), sometimes cut short. */
const compression = sometimes(fc.record({ cut: sometimes(fc.nat({ max: 400 }), 0.3) }), 0.15);

function compressed(name: string, made: Made, gz: { cut: number | null } | null): { name: string; made: Made } {
  if (!gz) return { name, made };
  const bytes = gzipSync(made.content);
  return {
    name: `${name}.gz`,
    made: {
      ...made,
      content: gz.cut !== null ? bytes.subarray(0, gz.cut) : bytes,
      note: `${made.note}, gzip${gz.cut !== null ? ` cut at ${gz.cut}` : ''}`,
    },
  };
}

/** Separators of a generated CSV with faults: mostly a comma, now and then another. */
const otherSeparators = fc.oneof(
  { weight: 9, arbitrary: fc.constant(',' as const) },
  { weight: 1, arbitrary: fc.constantFrom(';' as const, '\t' as const) },
);

const eventCsvKind: Kind = {
  name: 'event-csv',
  about:
    'canonical event-log CSV: mutants of a simulate --trace of examples/tandem.yaml with raw identifiers, and generated logs (header variants, swapped columns, header-less)',
  commands: LOG_COMMANDS,
  cases(corpus, commands) {
    const generated = cleanOrBad((bad) =>
      fc.record({ events: eventLog(bad), columns: canonicalColumns(bad), shape: csvShape(bad, otherSeparators) }),
    ).map(({ events, columns, shape, bad }): Made => ({
      content: canonicalCsv(events, columns, shape),
      note: `events generated${bad ? ' with faults' : ''} ${JSON.stringify({ columns, header: shape.header, delimiter: shape.delimiter })}`,
      structured: true,
    }));
    return fc
      .record({
        o: logOptions(commands ?? this.commands, this.commands),
        made: fc.oneof(mutants('trace', corpus.log.csv), generated),
      })
      .map(({ o, made }) => logCase(corpus, 'event-csv', 'events.csv', { 'events.csv': made.content }, o, made));
  },
};

/** The events of a canonical CSV without quoted fields (the seed trace). */
function canonicalRows(csv: string): LogEvent[] {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const field = new Map<string, keyof LogEvent>(CANONICAL);
  return lines.map((line) => {
    const cells = line.split(',');
    const e = Object.fromEntries(CANONICAL.map(([, f]) => [f, ''])) as unknown as LogEvent;
    names.forEach((n, i) => {
      const f = field.get(n);
      if (f !== undefined) e[f] = cells[i] ?? '';
    });
    return e;
  });
}

const mappingKind: Kind = {
  name: 'mapping',
  about:
    'partner CSV with a mapping file: generated mappings (formats, renames, a field read from an identifier column, broken parts) and logs, and mutants of a partner copy of the trace',
  commands: LOG_COMMANDS,
  cases(corpus, commands) {
    // The trace as a partner writes it, with the mapping of docs/event-log.md.
    const seedDraft: MappingDraft = {
      format: 'iso',
      optional: ['eventId', 'personId', 'lifecycle', 'partner', 'persons', 'children'],
      constantPartner: false,
      pseudonymise: [],
      pointAtId: null,
      timezone: null,
      renames: false,
      breakage: [],
      leafValue: { str: '' },
    };
    const seed = partnerLog(canonicalRows(corpus.log.csv), seedDraft, {
      header: 'normal',
      delimiter: ',',
      eol: '\n',
      quoteAll: false,
      bom: false,
      blankLines: false,
    });
    const fromSeed = mutants('partner trace', seed.csv).map((csv) => ({ mapping: toYaml(seed.mapping), csv }));
    const generated = (pseudonymising: boolean) =>
      cleanOrBad((bad) =>
        fc.record({ events: eventLog(bad), draft: mappingDraft(bad), shape: csvShape(bad, otherSeparators) }),
      ).map(({ events, draft: drawn, shape, bad }) => {
        const draft = pseudonymising ? drawn : { ...drawn, pseudonymise: [] };
        const { mapping, csv } = partnerLog(events, draft, shape);
        const note = `mapping generated${bad ? ' with faults' : ''} ${JSON.stringify({ ...draft, leafValue: undefined, header: shape.header, delimiter: shape.delimiter })}`;
        return { mapping: toYaml(mapping), csv: { content: csv, note, structured: true } as Made };
      });
    // monitor and calibrate refuse a mapping that pseudonymises (import first): they get one that does not.
    return logOptions(commands ?? this.commands, this.commands).chain((o) =>
      fc
        .oneof(fromSeed, o.command === 'import' ? generated(true) : generated(false))
        .map((log) =>
          logCase(
            corpus,
            'mapping',
            'export.csv',
            { 'export.csv': log.csv.content, 'mapping.yaml': log.mapping },
            o,
            log.csv,
            'mapping.yaml',
          ),
        ),
    );
  },
};

/** An external entity's file: a raw identifier that must not be read into the log. */
const ENTITY_FILES = { [EXTERNAL_ENTITY_FILE]: `${RAW_ID.person(999)}\n` };

const xesKind: Kind = {
  name: 'xes',
  about:
    'XES: mutants of the XES export of the trace, and generated logs (trace defaults, entities, character references, deep nesting, cut short), plain or gzip',
  commands: LOG_COMMANDS,
  cases(corpus, commands) {
    const generated = cleanOrBad((bad) => fc.record({ events: eventLog(bad), draft: xmlDraft(bad) })).map(
      ({ events, draft, bad }): Made => ({
        content: xesLog(events, draft),
        note: `xes generated${bad ? ' with faults' : ''} ${JSON.stringify(draft)}`,
        structured: true,
      }),
    );
    return fc
      .record({
        o: logOptions(commands ?? this.commands, this.commands),
        made: fc.oneof(mutants('xes export', corpus.log.xes), generated),
        gz: compression,
      })
      .map(({ o, made, gz }) => {
        const file = compressed('events.xes', made, gz);
        return logCase(corpus, 'xes', file.name, { [file.name]: file.made.content, ...ENTITY_FILES }, o, file.made);
      });
  },
};

const ocelJsonKind: Kind = {
  name: 'ocel-json',
  about:
    'OCEL 2.0 JSON: mutants of the export of the trace (bytes, lines, JSON tree), and generated logs (missing and repeated objects, other object types, wrong types)',
  commands: LOG_COMMANDS,
  cases(corpus, commands) {
    const generated = cleanOrBad((bad) =>
      fc.record({
        events: eventLog(bad),
        draft: ocelDraft(bad),
        ms: bad ? sometimes(treeMutations(2), 0.3) : fc.constant(null),
      }),
    ).map(({ events, draft, ms, bad }): Made => {
      const tree = ocelJsonTree(events, draft);
      return {
        content: toJson(ms ? applyTreeMutations(tree, ms) : tree),
        note: `ocel-json generated${bad ? ' with faults' : ''} ${JSON.stringify({ ...draft, wrongType: draft.wrongType?.part })}${ms ? describe(', tree', ms) : ''}`,
        structured: true,
      };
    });
    return fc
      .record({
        o: logOptions(commands ?? this.commands, this.commands),
        made: fc.oneof(mutants('ocel json export', corpus.log.ocelJson, 'json'), generated),
      })
      .map(({ o, made }) =>
        logCase(corpus, 'ocel-json', 'events.jsonocel', { 'events.jsonocel': made.content }, o, made),
      );
  },
};

const ocelXmlKind: Kind = {
  name: 'ocel-xml',
  about:
    'OCEL 2.0 XML: mutants of the export of the trace, and generated logs (as for JSON, plus entities, CDATA, deep nesting, cut short)',
  commands: LOG_COMMANDS,
  cases(corpus, commands) {
    const generated = cleanOrBad((bad) =>
      fc.record({ events: eventLog(bad), draft: ocelDraft(bad), xml: xmlDraft(bad) }),
    ).map(({ events, draft, xml, bad }): Made => ({
      content: ocelXml(events, draft, xml),
      note: `ocel-xml generated${bad ? ' with faults' : ''} ${JSON.stringify({ ...draft, wrongType: undefined, xml })}`,
      structured: true,
    }));
    return fc
      .record({
        o: logOptions(commands ?? this.commands, this.commands),
        made: fc.oneof(mutants('ocel xml export', corpus.log.ocelXml), generated),
      })
      .map(({ o, made }) =>
        logCase(corpus, 'ocel-xml', 'events.xmlocel', { 'events.xmlocel': made.content, ...ENTITY_FILES }, o, made),
      );
  },
};

// ── allocation and placement ────────────────────────────────────────────────────────────────────────────────

const delimiterOption = fc.oneof(
  { weight: 9, arbitrary: fc.constant([] as string[]) },
  { weight: 1, arbitrary: fc.constantFrom(';', ',', 'tab').map((d) => ['--delimiter', d]) },
);

/** A CSV file of values per municipality, clean or with faults. */
function municipalFile(
  codes: readonly string[],
  columns: (bad: boolean) => { name: string; value: fc.Arbitrary<string> }[],
  bad: boolean,
  name: string,
): fc.Arbitrary<Made> {
  return fc
    .tuple(municipalValues(codes, columns(bad), bad), csvShape(bad, fc.constantFrom(',' as const, ';' as const)))
    .map(([t, shape]) => ({
      content: writeCsv(t.header, t.rows, shape),
      note: `${name} generated${bad ? ' with faults' : ''} (${t.rows.length} rows)`,
      structured: true,
    }));
}

/** The file of a placement that is faulty (the others are clean), or none. */
const PLACEMENT_FILES = ['households', 'targets', 'housing', 'labour', 'coordinates'] as const;
/** Roles the households file may also be given in (any file may be given in another's place). */
const HOUSEHOLD_ROLES = ['targets', 'housing', 'labour', 'coordinates', 'arrears', 'municipalities'] as const;

const placementKind: Kind = {
  name: 'placement',
  about:
    'allocate placement: households CSV (mutants of examples/placement/households.csv with raw ids, generated households: header-less, swapped columns, bad counts and codes), targets, housing, labour and coordinates CSV; one faulty file a case; mostly with --pseudonymise',
  commands: ['allocate placement'],
  cases(corpus) {
    const codes = corpus.codes;
    const seedHouseholds = corpus.households.replace(
      /^hh-(\d{4}),/gm,
      (_, n: string) => `${RAW_ID.household(Number(n))},`,
    );
    const generatedHouseholds = (bad: boolean) =>
      fc
        .record({
          list: households(codes, bad),
          shape: csvShape(bad, fc.constantFrom(',' as const, ';' as const, '\t' as const)),
        })
        .map(({ list, shape }): Made => ({
          content: writeCsv(
            HOUSEHOLD_COLUMNS,
            list.map((h) => HOUSEHOLD_COLUMNS.map((c) => h[c])),
            shape,
          ),
          note: `households generated${bad ? ' with faults' : ''} (${list.length}, header ${shape.header}, separator ${JSON.stringify(shape.delimiter)})`,
          structured: true,
        }));
    const files = {
      targets: (bad: boolean) =>
        municipalFile(codes, (b) => [{ name: 'target', value: numberText(0, 40, false, b) }], bad, 'targets'),
      housing: (bad: boolean) =>
        municipalFile(
          codes,
          (b) => [
            { name: 'size', value: numberText(1, 6, false, b) },
            { name: 'units', value: numberText(0, 20, false, b) },
          ],
          bad,
          'housing',
        ),
      labour: (bad: boolean) =>
        municipalFile(
          codes,
          (b) => [
            { name: 'profile', value: maybeBad(fc.constantFrom(...PROFILES), b) },
            { name: 'score', value: numberText(-5, 5, true, b) },
          ],
          bad,
          'labour',
        ),
      coordinates: (bad: boolean) =>
        municipalFile(
          codes,
          (b) => [
            { name: 'lat', value: numberText(50.8, 53.5, true, b) },
            { name: 'lon', value: numberText(3.4, 7.2, true, b) },
          ],
          bad,
          'coordinates',
        ),
    };
    return fc
      .record({
        faulty: fc.constantFrom(...PLACEMENT_FILES, 'none' as const),
        withTargets: fc.boolean(),
        housing: fc.boolean(),
        labour: fc.boolean(),
        coordinates: chance(0.3),
      })
      .chain((plan) =>
        fc.record({
          plan: fc.constant(plan),
          households:
            plan.faulty === 'households'
              ? fc.oneof(mutants('households', seedHouseholds), generatedHouseholds(true))
              : fc.oneof(
                  generatedHouseholds(false),
                  fc.constant({ content: seedHouseholds, note: 'households unchanged', structured: true }),
                ),
          targets:
            plan.withTargets || plan.faulty === 'targets'
              ? files.targets(plan.faulty === 'targets')
              : fc.constant(null),
          housing:
            plan.housing || plan.faulty === 'housing' ? files.housing(plan.faulty === 'housing') : fc.constant(null),
          labour: plan.labour || plan.faulty === 'labour' ? files.labour(plan.faulty === 'labour') : fc.constant(null),
          coordinates:
            plan.coordinates || plan.faulty === 'coordinates'
              ? files.coordinates(plan.faulty === 'coordinates')
              : fc.constant(null),
          national: fc.oneof(fc.integer({ min: 0, max: 60 }).map(String), fc.constant('2046')),
          role: sometimes(fc.constantFrom(...HOUSEHOLD_ROLES), 0.1),
          pseudonymise: chance(0.8),
          keepNear: sometimes(fc.constantFrom('50', '150', '0.001'), 0.2),
          fairBy: sometimes(fc.constantFrom('children', 'size', 'profile'), 0.2),
          out: fc.boolean(),
          delimiter: delimiterOption,
        }),
      )
      .map((o): FuzzCase => {
        const files: FuzzCase['files'] = { 'households.csv': o.households.content };
        const notes = [o.households.note];
        const args = ['allocate', 'placement', '--households', 'households.csv'];
        const add = (option: string, name: string, made: Made | null) => {
          if (o.role === option) args.push(`--${option}`, 'households.csv');
          else if (made !== null) {
            files[name] = made.content;
            args.push(`--${option}`, name);
            notes.push(made.note);
          }
        };
        if (o.targets !== null || o.role === 'targets') add('targets', 'targets.csv', o.targets);
        else {
          args.push('--period', '2026-H1', '--national', o.national);
          if (o.role === 'arrears') args.push('--arrears', 'households.csv');
        }
        add('housing', 'housing.csv', o.housing);
        add('labour', 'labour.csv', o.labour);
        add('coordinates', 'coordinates.csv', o.coordinates);
        if (o.role === 'municipalities') args.push('--municipalities', 'households.csv');
        if (o.role !== null) notes.push(`households also given as --${o.role}`);
        if (o.pseudonymise) args.push('--pseudonymise');
        if (o.keepNear !== null) args.push('--keep-near', o.keepNear);
        if (o.fairBy !== null) args.push('--fair-by', o.fairBy);
        if (o.out) args.push('--out', 'out');
        args.push('--time-limit', '10', ...o.delimiter);
        return {
          kind: 'placement',
          command: 'allocate placement',
          args,
          files,
          leak: leakOf(files, o.pseudonymise, o.households.structured),
          note: notes.join('; '),
        };
      });
  },
};

const allocateKind: Kind = {
  name: 'allocate',
  about:
    'allocate taakstelling and key: arrears, scores and existing-places CSV (generated, and mutants of data/nl_municipalities_spreidingswet_nov2025.csv) and municipality lists (mutants of data/nl_municipalities.csv); one faulty file a case',
  commands: ['allocate taakstelling', 'allocate key'],
  cases(corpus, commands) {
    const codes = corpus.codes;
    const spreiding = corpus.data['nl_municipalities_spreidingswet_nov2025.csv'];
    const municipalities = corpus.data['nl_municipalities.csv'];
    const files = {
      arrears: (bad: boolean) =>
        municipalFile(codes, (b) => [{ name: 'arrears', value: numberText(-100, 100, false, b) }], bad, 'arrears'),
      // A welfare score is needed for every municipality: a clean file has all of them.
      scores: (bad: boolean) =>
        bad
          ? municipalFile(codes, (b) => [{ name: 'ses_woa', value: numberText(-3, 3, true, b) }], true, 'scores')
          : fc
              .tuple(
                fc.array(numberText(-3, 3, true, false), { minLength: codes.length, maxLength: codes.length }),
                csvShape(false),
              )
              .map(([values, shape]): Made => ({
                content: writeCsv(
                  ['code', 'ses_woa'],
                  codes.map((c, i) => [c, values[i]]),
                  shape,
                ),
                note: 'scores generated (every municipality)',
                structured: true,
              })),
      existing: (bad: boolean) =>
        bad
          ? fc.oneof(
              municipalFile(codes, (b) => [{ name: 'places', value: numberText(0, 500, false, b) }], true, 'existing'),
              mutants('spreidingswet', spreiding),
            )
          : municipalFile(
              codes,
              () => [{ name: 'places', value: numberText(0, 500, false, false) }],
              false,
              'existing',
            ),
      municipalities: (bad: boolean) =>
        bad
          ? mutants('municipalities', municipalities)
          : fc.constant<Made>({ content: municipalities, note: 'municipalities unchanged', structured: true }),
    };
    return fc
      .record({
        command: pick(commands ?? this.commands, this.commands),
        faulty: fc.constantFrom(
          'arrears' as const,
          'scores' as const,
          'existing' as const,
          'municipalities' as const,
          'none' as const,
        ),
        use: fc.record({
          arrears: fc.boolean(),
          scores: fc.boolean(),
          existing: fc.boolean(),
          municipalities: chance(0.2),
        }),
      })
      .chain((plan) => {
        const file = (name: keyof typeof files) =>
          plan.use[name] || plan.faulty === name ? files[name](plan.faulty === name) : fc.constant(null);
        return fc.record({
          plan: fc.constant(plan),
          arrears: file('arrears'),
          scores: file('scores'),
          existing: file('existing'),
          municipalities: file('municipalities'),
          period: fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom('2023-H1', '2016-H2') },
            { weight: 1, arbitrary: fc.constantFrom('2026-H1', '1999-H1') },
          ),
          national: sometimes(fc.oneof(fc.integer({ min: 0, max: 30000 }).map(String), fc.constant('10000000')), 0.6),
          places: fc.oneof(fc.integer({ min: 0, max: 100000 }).map(String), fc.constant('0')),
          out: fc.boolean(),
          report: chance(0.15),
          divisionYear: chance(0.9),
          delimiter: delimiterOption,
        });
      })
      .map((o): FuzzCase => {
        const files: FuzzCase['files'] = {};
        const notes: string[] = [];
        const args: string[] = ['allocate'];
        const add = (option: string, name: string, made: Made | null, extra: string[] = []) => {
          if (made === null) return;
          files[name] = made.content;
          args.push(option, name, ...extra);
          notes.push(made.note);
        };
        if (o.plan.command === 'allocate taakstelling') {
          args.push('taakstelling', '--period', o.period);
          if (o.national !== null) args.push('--national', o.national);
          add('--arrears', 'arrears.csv', o.arrears);
        } else {
          args.push('key', '--places', o.places);
          add('--scores', 'scores.csv', o.scores);
          add(
            '--existing',
            'existing.csv',
            o.existing,
            o.existing?.note.startsWith('spreidingswet') ? ['--existing-column', 'totaal'] : [],
          );
        }
        // The shipped list is of CBS division 2026; a list without the year is refused (now and then it is left out).
        add(
          '--municipalities',
          'municipalities.csv',
          o.municipalities,
          o.divisionYear ? ['--division-year', '2026'] : [],
        );
        if (o.out) args.push('--out', 'out');
        if (o.report) args.push('--report', 'report.html');
        args.push(...o.delimiter);
        return { kind: 'allocate', command: o.plan.command, args, files, note: notes.join('; ') || 'no input files' };
      });
  },
};

// ── forecast ────────────────────────────────────────────────────────────────────────────────────────────────

const forecastKind: Kind = {
  name: 'forecast',
  about:
    'forecast series CSV: mutants of data/*.csv and generated wide and long series (monthly, quarterly, weekly, yearly)',
  commands: ['forecast'],
  cases(corpus) {
    const names = Object.keys(corpus.data).filter((n) => !n.startsWith('nl_municipalities'));
    const wide = cleanOrBad((bad) =>
      fc.record({ draft: seriesDraft(2, bad ? 0 : 8, 60, bad), shape: csvShape(bad) }),
    ).map(({ draft, shape, bad }): Made & { by?: string } => ({
      content: writeCsv(['period', 'a', 'b'], seriesRows(draft), shape),
      note: `series generated${bad ? ' with faults' : ''}: ${draft.frequency}, ${draft.counts.length} periods`,
      structured: true,
    }));
    const long = cleanOrBad((bad) =>
      fc.record({ draft: seriesDraft(1, bad ? 0 : 8, 40, bad), shape: csvShape(bad) }),
    ).map(({ draft, shape, bad }): Made & { by?: string } => {
      const rows = seriesRows(draft).flatMap((r) => [
        [r[0], 'x', r[1]],
        [r[0], 'y', r[1]],
      ]);
      return {
        content: writeCsv(['period', 'cohort', 'count'], rows, shape),
        note: `long series generated${bad ? ' with faults' : ''}: ${draft.frequency}`,
        structured: true,
        by: 'cohort',
      };
    });
    const mutated = fc.constantFrom(...names).chain((name) => mutants(`data/${name}`, corpus.data[name]));
    // Options: valid ones; now and then one out of range.
    const option = <T>(valid: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: bad });
    return fc
      .record({
        made: fc.oneof(mutated, wide, long),
        horizon: option(fc.constantFrom('1', '12', '24'), fc.constantFrom('0', '-1', '1e9', 'x', '100000')),
        method: sometimes(fc.constantFrom('naive', 'snaive', 'ets', 'theta', 'arima', 'auto'), 0.25),
        backtest: chance(0.15),
        paths: sometimes(option(fc.constant('3'), fc.constantFrom('0', '1000000')), 0.2),
        stress: sometimes(
          option(
            fc.constantFrom('surge', 'stop', 'surge2015', 'stop2016', 'surge:2:3:4:5'),
            fc.constantFrom('surge:1e308', 'stop:-1', 'surge:NaN'),
          ),
          0.2,
        ),
        level: sometimes(option(fc.constantFrom('50', '80,95', '99.9'), fc.constantFrom('0', '100', '1,1', '-5')), 0.2),
        report: chance(0.15),
      })
      .map((o): FuzzCase => {
        const by = (o.made as { by?: string }).by;
        const args = ['forecast', 'series.csv', '--horizon', o.horizon, '--out', 'out/fc', '--quiet'];
        if (by) args.push('--by', by);
        if (o.method) args.push('--method', o.method);
        if (o.backtest) args.push('--backtest', '--origins', '2');
        if (o.paths) args.push('--paths', o.paths);
        if (o.stress) args.push('--stress', o.stress);
        if (o.level) args.push('--level', o.level);
        if (o.report) args.push('--report', 'report.html');
        return {
          kind: 'forecast',
          command: 'forecast',
          args,
          files: { 'series.csv': o.made.content },
          note: o.made.note,
        };
      });
  },
};

/** Every kind, in the order the campaign runs them. */
export const KINDS: readonly Kind[] = [
  modelKind,
  measureKind,
  inflowKind,
  eventCsvKind,
  mappingKind,
  xesKind,
  ocelJsonKind,
  ocelXmlKind,
  placementKind,
  allocateKind,
  forecastKind,
];

export function kindNamed(name: string): Kind {
  const kind = KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`no kind ${name}; the kinds are ${KINDS.map((k) => k.name).join(', ')}`);
  return kind;
}
