import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { compileChain } from '../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../src/sim/chain/simulate.ts';
import {
  declareKpi,
  KPI_CATALOGUE,
  kpiInfo,
  kpiKey,
  kpiLabel,
  keysOf,
  modelNames,
  parseKpi,
  summaryKeys,
} from '../../src/results/kpis.ts';
import { writeSimulationFiles } from '../../src/results/simulation-files.ts';
import { simulationSummaryTables, simulationSummaryText } from '../../src/results/simulation-table.ts';
import { FORMAT, tableData, UNIT } from '../../src/results/table.ts';
import { COST_CATEGORIES, COST_CATEGORY_LABELS } from '../../src/sim/run/costs.ts';
import { examplesDir, tempDir } from '../helpers.ts';

const work = tempDir('doorstroom-kpis-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the KPI catalogue', () => {
  it('parses and formats the simulator’s key strings both ways', () => {
    const cases: [string, object][] = [
      ['stage.aa-decision.waiting.p90', { kind: 'stage', id: 'aa-decision', measure: 'waiting', statistic: 'p90' }],
      ['stage.aa.utilisation', { kind: 'stage', id: 'aa', measure: 'utilisation', statistic: undefined }],
      [
        'norm.stage.housing.withinShare',
        { kind: 'norm', id: 'stage.housing', measure: 'withinShare', statistic: undefined },
      ],
      ['norm.decision-term.p90', { kind: 'norm', id: 'decision-term', measure: 'p90', statistic: undefined }],
      ['location.ter-apel.occupied.max', { kind: 'location', id: 'ter-apel', measure: 'occupied', statistic: 'max' }],
      [
        'exits.departed-forced.persons',
        { kind: 'exit', id: 'departed-forced', measure: 'persons', statistic: undefined },
      ],
      ['cost.total.eur', { kind: 'cost', id: 'total', measure: 'eur', statistic: undefined }],
      ['leadTime.chain.p50', { kind: 'leadTime', measure: 'chain', statistic: 'p50' }],
      ['reception.overflow.personDays', { kind: 'reception', measure: 'overflow', statistic: 'personDays' }],
      [
        'playbook.open-3000.firstEffectDay',
        { kind: 'playbook', id: 'open-3000', measure: 'firstEffectDay', statistic: undefined },
      ],
    ];
    for (const [key, typed] of cases) {
      const parsed = parseKpi(key);
      expect(parsed?.key, key).toEqual(typed);
      expect(kpiKey(parsed!.key)).toBe(key);
    }
    expect(parseKpi('stage.x.unknown')).toBeUndefined();
    expect(parseKpi('nothing')).toBeUndefined();
  });

  it('knows every KPI a replication of each example writes, with the features of the chain as it really is', () => {
    for (const file of ['nl-2022-2026.yaml', 'nl-baseline.yaml', 'nl-2014-2017.yaml']) {
      const chain = compileChain(loadModel(join(examplesDir, file)), { horizonDays: 60 });
      const r = simulateReplication(chain, { replication: 0, seed: 1 });
      const unknown = Object.keys(r.kpis).filter((k) => parseKpi(k) === undefined);
      expect(unknown, file).toEqual([]);
      expect(Object.keys(r.kpis).length, file).toBeGreaterThan(100);
    }
  });

  it('labels KPIs in the model’s words, with unit and direction', () => {
    const names = { stages: new Map([['aa', 'Algemene asielprocedure']]) };
    expect(kpiLabel('stage.aa.waiting.p90', names)).toEqual({
      nl: 'Algemene asielprocedure: wachttijd P90',
      en: 'Algemene asielprocedure: waiting P90',
    });
    const info = kpiInfo('stage.aa.waiting.p90', names);
    expect(info.unit).toEqual(UNIT.days);
    expect(info.direction).toBe('lower');
    expect(kpiInfo('norm.decision-term.withinShare').direction).toBe('higher');
    expect(kpiInfo('location.azc.occupied.mean').series).toBe('location.azc.occupied');
    expect(kpiLabel('cost.staff.eur')).toEqual(COST_CATEGORY_LABELS.staff);
  });

  it('finds keys of one measure and the keys of a summary group', () => {
    const keys = [
      'stage.a.waiting.mean',
      'stage.b.waiting.mean',
      'stage.a.waiting.p90',
      'cost.staff.eur',
      'cost.total.eur',
    ];
    expect(keysOf(keys, 'stage', 'waiting', 'mean').map((k) => k.id)).toEqual(['a', 'b']);
    expect(summaryKeys('cost', keys)).toEqual(['cost.staff.eur', 'cost.total.eur']);
  });

  it('lists every cost category once, with a label', () => {
    expect(Object.keys(COST_CATEGORY_LABELS)).toEqual([...COST_CATEGORIES]);
  });
});

describe('a KPI declared in the catalogue', () => {
  it('appears in kpis.csv, replications.csv, the terminal summary and the report’s table data, with no other change', async () => {
    const loaded = loadModel(join(examplesDir, 'tandem.yaml'));
    const result = await simulate(loaded, { replications: 2, workers: 1, horizonDays: 60 });
    const spreadDays = declareKpi({
      kind: 'derived',
      measure: 'leadTimeSpread',
      label: () => ({ nl: 'spreiding doorlooptijd (P90 − mediaan)', en: 'lead time spread (P90 − median)' }),
      unit: UNIT.days,
      format: FORMAT.days(1),
      direction: 'lower',
      summary: 'chain',
      derive: (k) => k['leadTime.chain.p90'] - k['leadTime.chain.p50'],
    });
    try {
      const key = kpiKey({ kind: 'derived', measure: 'leadTimeSpread' });
      expect(key).toBe('derived.leadTimeSpread');
      const expected = result.replications.map((r) => r.kpis['leadTime.chain.p90'] - r.kpis['leadTime.chain.p50']);
      const mean = (expected[0] + expected[1]) / 2;

      const out = join(work, 'sim');
      writeSimulationFiles(result, out, modelNames(loaded.model));
      const kpisCsv = readFileSync(join(out, 'kpis.csv'), 'utf8');
      const row = kpisCsv.split('\n').find((l) => l.startsWith(`${key},`));
      expect(row).toBeDefined();
      expect(Number(row!.split(',')[1])).toBeCloseTo(mean, 5);
      const reps = readFileSync(join(out, 'replications.csv'), 'utf8');
      expect(reps.split('\n').filter((l) => l.includes(`,${key},`))).toHaveLength(2);

      expect(simulationSummaryText(result, modelNames(loaded.model), 'nl')).toContain(
        'spreiding doorlooptijd (P90 − mediaan) (dagen)',
      );
      expect(simulationSummaryText(result, modelNames(loaded.model), 'en')).toContain(
        'lead time spread (P90 − median)',
      );

      const chain = simulationSummaryTables(result, modelNames(loaded.model)).find((t) => t.table.id === 'chain')!;
      const data = tableData(chain.table, chain.rows, 'nl');
      const reportRow = data.rows.find((r) => r[0] === 'spreiding doorlooptijd (P90 − mediaan) (dagen)');
      expect(reportRow).toBeDefined();
      expect((reportRow![1] as { mean: number }).mean).toBeCloseTo(mean, 9);
    } finally {
      KPI_CATALOGUE.splice(KPI_CATALOGUE.indexOf(spreadDays), 1);
    }
  });
});
