// Bad-input testing, the seed inputs that mutations start from: the shipped examples and data files, and an
// event log made here — a trace of examples/tandem.yaml from `simulate --trace`, its identifiers replaced by raw
// ones (case numbers, V-numbers, event numbers) and spread over two months, and its XES, OCEL JSON and OCEL XML
// exports from `import`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseRunner, type FuzzCase, REPO_ROOT, resultText } from './runner.ts';
import { RAW_ID } from './values.ts';

export interface Corpus {
  /** examples/*.yaml by file name. */
  models: Record<string, string>;
  /** examples/measures/*.yaml and examples/measures-2015/*.yaml by path below examples/. */
  measures: Record<string, string>;
  /** data/*.csv by file name. */
  data: Record<string, string>;
  /** The first lines of examples/placement/households.csv. */
  households: string;
  /** CBS codes of the shipped municipality list. */
  codes: string[];
  /** A canonical event log with raw identifiers, and its exports. */
  log: { csv: string; xes: string; ocelJson: string; ocelXml: string };
}

const read = (...path: string[]): string => readFileSync(join(REPO_ROOT, ...path), 'utf8');

/** Lines of the trace kept as the seed log (a header and the first events of about ten cases). */
const TRACE_LINES = 60;
/** Households kept as the seed households file. */
const HOUSEHOLD_LINES = 40;

/**
 * The trace as a partner's log: raw identifiers (`r0-e5` → EV-RAW-00005, `c3` → Z2025-1003, `c3-p1` →
 * V4000000032), and the k-th event on day k of the run (in the trace's order, so each case's events stay in
 * order), so that the log covers a whole calendar month as calibrate needs.
 */
export function partnerTrace(trace: string): string {
  const [header, ...lines] = trace.split('\n');
  const time = header.split(',').indexOf('timestamp');
  const rows = lines
    .filter((line) => line !== '')
    .map((line, k) => {
      const [eventId, caseId, personId, ...rest] = line.split(',');
      const c = Number(/^c(\d+)$/.exec(caseId)?.[1] ?? NaN);
      const p = /^c(\d+)-p(\d+)$/.exec(personId);
      const e = Number(/e(\d+)$/.exec(eventId)?.[1] ?? NaN);
      const cells = [
        RAW_ID.event(e),
        RAW_ID.case(c),
        p ? RAW_ID.person(Number(p[1]) * 10 + Number(p[2])) : personId,
        ...rest,
      ];
      const day = new Date(Date.UTC(2025, 0, 1 + k, 8) + (Date.parse(cells[time]) % 3_600_000));
      cells[time] = `${day.toISOString().slice(0, 19)}+01:00`;
      return cells.join(',');
    });
  return [header, ...rows].join('\n') + '\n';
}

async function runOrThrow(runner: CaseRunner, c: FuzzCase): Promise<Record<string, Buffer>> {
  const r = await runner.run(c);
  if (r.code !== 0)
    throw new Error(`making the seed inputs failed: doorstroom ${c.args.join(' ')}: ${resultText(r)}\n${r.stderr}`);
  return r.collected;
}

/**
 * Reads the shipped inputs and, with a runner, makes the event logs (four runs of the command); without one the
 * logs are empty (for tests that read no logs).
 */
export async function buildCorpus(runner?: CaseRunner): Promise<Corpus> {
  const models = Object.fromEntries(
    readdirSync(join(REPO_ROOT, 'examples'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f, read('examples', f)]),
  );
  const measures: Record<string, string> = {};
  for (const folder of ['measures', 'measures-2015']) {
    for (const f of readdirSync(join(REPO_ROOT, 'examples', folder)).filter((f) => f.endsWith('.yaml')))
      measures[`${folder}/${f}`] = read('examples', folder, f);
  }
  const data = Object.fromEntries(
    readdirSync(join(REPO_ROOT, 'data'))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => [f, read('data', f)]),
  );
  const households =
    read('examples', 'placement', 'households.csv').split('\n').slice(0, HOUSEHOLD_LINES).join('\n') + '\n';
  const codes = data['nl_municipalities.csv']
    .split('\n')
    .map((l) => /^(GM\d{4}),/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);

  if (runner === undefined)
    return { models, measures, data, households, codes, log: { csv: '', xes: '', ocelJson: '', ocelXml: '' } };
  const traced = await runOrThrow(runner, {
    kind: 'seed',
    command: 'simulate',
    args: [
      'simulate',
      'tandem.yaml',
      '--replications',
      '1',
      '--workers',
      '1',
      '--horizon-days',
      '1',
      '--trace',
      'trace.csv',
      '--quiet',
    ],
    files: { 'tandem.yaml': models['tandem.yaml'] },
    collect: ['trace.csv'],
  });
  const csv = partnerTrace(traced['trace.csv'].toString('utf8').split('\n').slice(0, TRACE_LINES).join('\n'));
  const exported = await runOrThrow(runner, {
    kind: 'seed',
    command: 'import',
    args: ['import', 'events.csv', '--out', 'events.xes', '--quiet'],
    files: { 'events.csv': csv },
    collect: ['events.xes'],
  });
  const ocelJson = await runOrThrow(runner, {
    kind: 'seed',
    command: 'import',
    args: ['import', 'events.csv', '--out', 'events.jsonocel', '--quiet'],
    files: { 'events.csv': csv },
    collect: ['events.jsonocel'],
  });
  const ocelXml = await runOrThrow(runner, {
    kind: 'seed',
    command: 'import',
    args: ['import', 'events.csv', '--out', 'events.xmlocel', '--quiet'],
    files: { 'events.csv': csv },
    collect: ['events.xmlocel'],
  });
  return {
    models,
    measures,
    data,
    households,
    codes,
    log: {
      csv,
      xes: exported['events.xes'].toString('utf8'),
      ocelJson: ocelJson['events.jsonocel'].toString('utf8'),
      ocelXml: ocelXml['events.xmlocel'].toString('utf8'),
    },
  };
}
