// The size of a run, checked before it starts: a horizon and a number of replications whose daily series and
// KPIs fit in memory, a horizon override that would bring more persons than a replication may hold, and the
// cap a comparison puts on adaptive replications.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/model/load.ts';
import { InputError } from '../../../src/core/diagnostics.ts';
import { LIMITS } from '../../../src/model/schema.ts';
import { maxReplications, runSizeProblem } from '../../../src/sim/run/run-size.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { asyncErrorOf, examplesDir, modelFromYaml } from '../../helpers.ts';
import { smallModelYaml } from '../../model/small-model.ts';

const mmc = loadModel(join(examplesDir, 'mmc.yaml'));

describe('runSizeProblem', () => {
  it('accepts the usual runs and says how many replications fit when there are too many', () => {
    expect(runSizeProblem(mmc, { replications: 100 })).toBeUndefined();
    expect(runSizeProblem(mmc, { replications: LIMITS.replications })).toMatch(
      /^10000 replications would keep 839500000 daily values \(23 series × 3650 days each\), more than the 250000000 that fit in memory; use at most 2977 replications/,
    );
    expect(maxReplications(mmc, undefined)).toBe(2977);
    expect(maxReplications(mmc, undefined, 3)).toBe(992);
    expect(runSizeProblem(mmc, { replications: 1000, models: 3 })).toMatch(/1000 replications of 3 models would keep/);
  });

  it('bounds the horizon and the replications themselves', () => {
    expect(runSizeProblem(mmc, { replications: 1, horizonDays: 1e8 })).toMatch(
      /the horizon must be a whole number of days from 1 to 36600/,
    );
    expect(runSizeProblem(mmc, { replications: 1e9 })).toMatch(/replications must be a whole number from 1 to 10000/);
  });
});

describe('simulate refuses a run too large before it starts', () => {
  it('as an InputError for too many replications', async () => {
    await expect(simulate(mmc, { replications: LIMITS.replications, workers: 1 })).rejects.toThrow(InputError);
  });

  it('as a located InputError when --horizon-days would bring more persons than a replication holds', async () => {
    const loaded = modelFromYaml(
      smallModelYaml({
        perDay: 2000,
        stages: '  - { id: a, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }\n',
      }),
    );
    const message = await asyncErrorOf(() => simulate(loaded, { replications: 1, workers: 1, horizonDays: 3000 }));
    expect(message).toMatch(
      /^test-model\.yaml:6:40: inflow: a run of 3000 days would simulate 6000000 expected arrivals, more than the 4000000 persons a replication may hold; shorten --horizon-days/,
    );
  });
});
