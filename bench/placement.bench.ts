// Placement of permit holders at national scale: 20,000 households (sizes 1–6, ~30 reception locations,
// 3 labour profiles) over 342 municipalities spread over the Netherlands, targets pro rata population, housing
// stock by size. Figure: seconds to proven optimality or a 0.1% gap; the gap reached is printed with it.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleHouseholdsCsv } from '../examples/placement/households.ts';
import { runPlacement } from '../src/cli/placement.ts';
import { LpModel, lpName } from '../src/plan/lp.ts';
import { type Household, type Municipality, placeHouseholds } from '../src/plan/placement.ts';
import { replicationStream } from '../src/core/random.ts';
import type { Benchmark } from './harness.ts';

const SIZE_WEIGHTS = [0.6, 0.15, 0.1, 0.08, 0.05, 0.02];
const PROFILES = ['technical', 'care', 'hospitality'];

/**
 * Land boxes (lat, lon) that together cover most of the Netherlands without the North Sea and IJsselmeer:
 * north (Groningen/Friesland/Drenthe), the west (Holland), the centre and east, the south (Brabant/Limburg),
 * Zeeland. Points are drawn uniformly in their union (each box by its area).
 */
const BOXES: [number, number, number, number][] = [
  [52.85, 53.45, 5.4, 7.2],
  [51.9, 52.6, 4.25, 4.95],
  [51.85, 52.55, 5.05, 6.95],
  [51.25, 51.85, 4.3, 6.1],
  [50.78, 51.25, 5.6, 6.05],
  [51.2, 51.7, 3.5, 4.2],
];

/** A deterministic instance: the same seed gives the same municipalities and households on any machine. */
export function syntheticInstance(
  seed = 2025,
  householdCount = 20_000,
  municipalityCount = 342,
  origins = 30,
): { municipalities: Municipality[]; households: Household[] } {
  const rng = replicationStream(seed, 0);
  const areas = BOXES.map(([a, b, c, d]) => (b - a) * (d - c));
  const totalArea = areas.reduce((s, a) => s + a, 0);
  const pick = (weights: readonly number[], total: number) => {
    let u = rng.uniform() * total;
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  // Population: a few large cities, many small towns (Pareto tail, minimum 1,000).
  const population = Array.from({ length: municipalityCount }, () =>
    Math.round(1000 + 20_000 / rng.uniformOpen() ** 0.8),
  );
  const municipalities: Municipality[] = population.map((_, i) => {
    const [lat0, lat1, lon0, lon1] = BOXES[pick(areas, totalArea)];
    const demand = Object.fromEntries(PROFILES.map((p) => [p, Math.round(rng.uniform() * 100) / 10]));
    return {
      code: `GM${String(i + 1).padStart(4, '0')}`,
      name: `Gemeente ${i + 1}`,
      province: `P${1 + Math.floor((lat0 - 50.7) / 0.25)}`,
      targetPersons: 0,
      lat: lat0 + rng.uniform() * (lat1 - lat0),
      lon: lon0 + rng.uniform() * (lon1 - lon0),
      labourDemand: demand,
    };
  });
  // Reception locations: the largest municipalities by population carry the azc's, weighted by size.
  const byPopulation = [...population.keys()].sort((a, b) => population[b] - population[a]);
  const receptions = byPopulation.slice(0, origins);
  const receptionWeights = receptions.map((_, i) => 1 / (1 + i / 5));
  const receptionTotal = receptionWeights.reduce((s, w) => s + w, 0);
  const sizeTotal = SIZE_WEIGHTS.reduce((s, w) => s + w, 0);
  const households: Household[] = Array.from({ length: householdCount }, (_, i) => {
    const persons = 1 + pick(SIZE_WEIGHTS, sizeTotal);
    const children = persons === 1 ? 0 : rng.uniform() < 0.7 ? persons - 1 - (rng.uniform() < 0.4 ? 1 : 0) : 0;
    return {
      id: `h${i + 1}`,
      persons,
      children: Math.max(0, children),
      origin: municipalities[receptions[pick(receptionWeights, receptionTotal)]].code,
      profile: PROFILES[rng.int(PROFILES.length)],
    };
  });
  // Targets: all persons pro rata population, rounded down, the remainder to the largest fractions.
  const persons = households.reduce((s, h) => s + h.persons, 0);
  const popTotal = population.reduce((s, p) => s + p, 0);
  const exact = population.map((p) => (persons * p) / popTotal);
  const targets = exact.map(Math.floor);
  let left = persons - targets.reduce((s, t) => s + t, 0);
  for (const i of [...exact.keys()].sort((a, b) => exact[b] - targets[b] - (exact[a] - targets[a])))
    if (left-- > 0) targets[i]++;
  // Housing stock: 10–50% more dwellings per size than the target's expected households of that size.
  const meanSize = SIZE_WEIGHTS.reduce((s, w, k) => s + w * (k + 1), 0) / sizeTotal;
  municipalities.forEach((m, i) => {
    m.targetPersons = targets[i];
    const expectedHouseholds = targets[i] / meanSize;
    m.housingStock = Object.fromEntries(
      SIZE_WEIGHTS.map((w, k) => [
        k + 1,
        Math.ceil(expectedHouseholds * (w / sizeTotal) * (1.1 + 0.4 * rng.uniform())),
      ]),
    );
  });
  return { municipalities, households };
}

const instance = syntheticInstance();

export const benchmarks: Benchmark[] = [
  {
    name: 'placement.20k-households-342-municipalities',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 10',
    async measure() {
      const result = await placeHouseholds(instance.municipalities, instance.households, {
        matchWeight: 2,
        mipGap: 0.001,
        timeLimitSeconds: 120,
      });
      const s = result.solve;
      console.log(
        `  placement: ${s.types} types, ${result.assignments.length} type×municipality assignments; ${s.status}, gap ${(100 * s.gap).toFixed(3)}% ` +
          `(objective ${s.objective.toFixed(0)}, bound ${s.bound.toFixed(0)}); LP ${result.relaxation!.seconds.toFixed(2)} s, ` +
          `${s.mipRuns} MIP run(s) ${s.seconds.toFixed(2)} s, last MIP ${s.variables} columns; mean ${result.meanDistanceKm.toFixed(1)} km; ` +
          `short ${result.explanation.short.length}, unplaced ${result.explanation.unplaced.length}`,
      );
      return s.totalSeconds;
    },
  },
  {
    // The command's whole path on real geography: 20,000 generated households from 12 reception locations read
    // from CSV, the 342 shipped municipalities with their boundary centroids, targets = the housing target of
    // exactly those persons pro rata population.
    name: 'placement.cli-20k-households-shipped-municipalities',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 10',
    async measure() {
      const file = join(tmpdir(), `doorstroom-bench-households-${process.pid}.csv`);
      const csv = exampleHouseholdsCsv(20_000);
      writeFileSync(file, csv);
      const persons = csv
        .split('\n')
        .filter((l) => l.startsWith('hh-'))
        .reduce((s, l) => s + Number(l.split(',')[1]), 0);
      const started = performance.now();
      const run = await runPlacement({
        households: file,
        period: '2026-H1',
        national: persons,
        targetColumn: 'target',
        arrearsColumn: 'arrears',
        distanceWeight: 1,
        mipGap: 0.001,
        timeLimit: 120,
        withinKm: 50,
        top: 10,
      });
      const seconds = (performance.now() - started) / 1000;
      const s = run.result.solve;
      console.log(
        `  placement CLI: ${persons} persons, ${s.types} types; ${s.status}, gap ${(100 * s.gap).toFixed(3)}%; ${s.mipRuns} MIP run(s); mean ${run.result.meanDistanceKm.toFixed(1)} km; short ${run.result.explanation.short.length}`,
      );
      return seconds;
    },
  },
  {
    // The LP text of a model the size of the whole placement (540 types × 342 municipalities and its rows).
    name: 'lp.text-185k-variables',
    unit: 's',
    higherIsBetter: false,
    runs: 5,
    measure() {
      const started = performance.now();
      const m = new LpModel();
      const T = 540;
      const M = 342;
      const byMuni: number[][] = Array.from({ length: M }, () => []);
      for (let t = 0; t < T; t++) {
        const cols: number[] = [];
        for (let j = 0; j < M; j++) {
          const c = m.addVariable(lpName('x', t, `GM${j}`), { integer: true, cost: ((t * 7 + j * 13) % 997) / 7 });
          cols.push(c);
          byMuni[j].push(c);
        }
        m.addConstraint(
          lpName('assign', t),
          cols,
          cols.map(() => 1),
          '=',
          40,
        );
      }
      byMuni.forEach((cols, j) =>
        m.addConstraint(
          lpName('target', `GM${j}`),
          cols,
          cols.map((_, i) => 1 + (i % 6)),
          '>=',
          100,
        ),
      );
      const text = m.toString();
      if (text.length < 1e6) throw new Error('LP text too short');
      return (performance.now() - started) / 1000;
    },
  },
];
