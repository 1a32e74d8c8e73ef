// The twin places each open case where the log last saw it: in its reception location (staying there at the
// start even when a bed its stage prefers is free; it moves up when one frees later, like any case), or without a
// bed (overflow). A location the model does not have is a located error in an initialCases file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, modelFromYaml, tempDir } from '../helpers.ts';
import { loadEventTable } from '../../src/monitor/load.ts';
import { warmStart } from '../../src/twin/warm-start.ts';
import { twinModel } from '../../src/twin/twin-model.ts';
import { compileChain } from '../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../src/sim/chain/simulate.ts';
import { HAND_MODEL } from './hand-log.ts';

// The hand model with two locations: `a` preferred, `b` second, 10 beds each.
const MODEL = HAND_MODEL.replace(
  'stages:\n',
  `reception:
  locations:
    - { id: a, type: regular, beds: 10, costPerOccupiedBedDayEur: 1 }
    - { id: b, type: emergency, beds: 10, costPerOccupiedBedDayEur: 1 }
  overflowCostPerPersonDayEur: 1
stages:\n`,
)
  .replace('next: procedure }', 'next: procedure, location: [a, b] }')
  .replace('    next: [{ exit: other }]', '    location: [a, b]\n    next: [{ exit: other }]');

// `inb` was placed in b (a was full then), `out` is without a bed, `none` names no location.
const LOG = `event_id,case_id,person_id,activity,lifecycle,timestamp,cohort,location
e1,inb,inb-p1,arrival,complete,2024-12-01T10:00:00+01:00,all,
e2,inb,inb-p1,registration,schedule,2024-12-01T10:00:00+01:00,all,b
e3,inb,inb-p1,registration,complete,2024-12-03T10:00:00+01:00,all,
e4,inb,inb-p1,procedure,schedule,2024-12-03T10:00:00+01:00,all,
e5,out,out-p1,arrival,complete,2024-12-10T10:00:00+01:00,all,
e6,out,out-p1,registration,schedule,2024-12-10T10:00:00+01:00,all,overflow
e7,out,out-p1,registration,complete,2024-12-12T10:00:00+01:00,all,
e8,out,out-p1,procedure,schedule,2024-12-12T10:00:00+01:00,all,
e9,none,none-p1,arrival,complete,2024-12-11T10:00:00+01:00,all,
e10,none,none-p1,registration,schedule,2024-12-11T10:00:00+01:00,all,
e11,none,none-p1,registration,complete,2024-12-13T10:00:00+01:00,all,
e12,none,none-p1,procedure,schedule,2024-12-13T10:00:00+01:00,all,
`;

describe('the location of an open case', () => {
  it('is where the log last saw it, and the twin starts it there', async () => {
    const loaded = modelFromYaml(MODEL);
    const file = join(tempDir(), 'events.csv');
    writeFileSync(file, LOG);
    const { table } = await loadEventTable(file);
    const warm = warmStart(table, loaded, '2024-12-14');
    expect(warm.rows.map((r) => r.location)).toEqual(['b', 'overflow', null]);
    const model = twinModel(loaded, warm, { months: 1 });
    const r = simulateReplication(compileChain(model), { replication: 0, seed: 1 });
    // Day 0: `inb` stays in b although a has free beds; `out` gets a bed in a (a move out of overflow); `none`
    // is placed by its stage's preferences, in a.
    expect(r.series['location.b.occupied'][0]).toBe(1);
    expect(r.series['location.a.occupied'][0]).toBe(2);
    expect(r.series['reception.overflow'][0]).toBe(0);
  });

  it('is checked in an initialCases file: a location of the model, or overflow', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'open.csv'),
      'stage,persons,cohort,arrived,enteredStage,location\n' +
        'procedure,1,all,2023-12-01,2023-12-03,b\n' +
        'procedure,1,all,2023-12-01,2023-12-03,c\n',
    );
    const errors = errorsOf(() => modelFromYaml(`${MODEL}initialCases: { path: open.csv }\n`, 'm.yaml', dir));
    expect(errors).toEqual([
      expect.stringMatching(
        /open\.csv:3:39: location: not a reception location of the model; the locations are: a, b, or overflow/,
      ),
    ]);
  });
});
