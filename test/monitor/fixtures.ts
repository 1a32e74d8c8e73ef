// A small hand-made event log and chain model whose monitor figures are worked out by hand in monitor.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIsoDate } from '../../src/core/calendar.ts';
import type { LoadedModel } from '../../src/model/load.ts';
import { chainForLog, loadEventTable } from '../../src/monitor/load.ts';
import { type MonitorResult, monitorFigures } from '../../src/monitor/metrics.ts';
import { readVisits } from '../../src/monitor/visits.ts';
import { modelFromYaml, tempDir } from '../helpers.ts';

export const HAND_MODEL = `doorstroom: 1
name: hand-made
time: { start: 2025-01-01, horizonDays: 60 }
calendar: { holidays: none, workingWeekdays: [mon, tue, wed, thu, fri, sat, sun] }
partners: [{ id: ind }, { id: gemeente }]
cohorts: [{ id: all, grantProbability: { decision: 0.5 } }]
inflow: { entry: { first: intake }, perDay: { first: 1 } }
stages:
  - { id: intake, partner: ind, capacity: { servers: 1 }, serviceTime: { dist: fixed, days: 2 }, next: decision }
  - id: decision
    partner: ind
    decides: grant
    next:
      - { to: housing, when: { outcome: [grant] } }
      - { exit: departed-independent, when: { outcome: [reject] } }
  - { id: housing, partner: gemeente, norm: { days: 10 }, next: [{ exit: housed }] }
norms:
  - { id: decision-term, from: arrival, to: { stages: [decision] }, days: 20 }
`;

const HEADER =
  'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,municipality,outcome,persons,children';

/** Case a: a household of 2 with 1 child, granted and housed; b: 1 person, rejected; c: open at intake. */
export const HAND_LOG =
  [
    HEADER,
    'a1,a,a,arrival,complete,2025-01-06T09:00:00+01:00,,,,all,,,,2,1',
    'a2,a,a,move,complete,2025-01-06T09:00:00+01:00,,,,all,azc-1,,,2,1',
    'a3,a,a,intake,schedule,2025-01-06T09:00:00+01:00,ind,intake,,all,azc-1,,,2,1',
    'a4,a,a,intake,start,2025-01-08T09:00:00+01:00,ind,intake,,all,azc-1,,,2,1',
    'a5,a,a,intake,complete,2025-01-10T09:00:00+01:00,ind,intake,,all,azc-1,,,2,1',
    'a6,a,a,decision,schedule,2025-01-10T09:00:00+01:00,ind,decision,,all,azc-1,,,2,1',
    'a7,a,a,move,complete,2025-01-12T10:00:00+01:00,,,,all,azc-2,,,2,1',
    'a8,a,a,decision,start,2025-01-20T09:00:00+01:00,ind,decision,,all,azc-2,,,2,1',
    'a9,a,a,decision,complete,2025-01-21T09:00:00+01:00,ind,decision,,all,azc-2,,grant,2,1',
    'a10,a,a,housing,schedule,2025-01-21T09:00:00+01:00,gemeente,housing,,all,azc-2,,,2,1',
    'a11,a,a,housing,start,2025-01-30T09:00:00+01:00,gemeente,housing,,all,azc-2,,,2,1',
    'a12,a,a,housing,complete,2025-02-05T09:00:00+01:00,gemeente,housing,,all,azc-2,,,2,1',
    'a13,a,a,exit:housed,complete,2025-02-05T09:00:00+01:00,,,,all,azc-2,,,2,1',
    'b1,b,b,arrival,complete,2025-01-07T12:00:00+01:00,,,,all,,,,1,0',
    'b2,b,b,intake,schedule,2025-01-07T12:00:00+01:00,ind,intake,,all,,,,1,0',
    'b3,b,b,intake,start,2025-01-10T09:00:00+01:00,ind,intake,,all,,,,1,0',
    'b4,b,b,intake,complete,2025-01-13T12:00:00+01:00,ind,intake,,all,,,,1,0',
    'b5,b,b,decision,schedule,2025-01-13T12:00:00+01:00,ind,decision,,all,,,,1,0',
    'b6,b,b,decision,start,2025-01-14T12:00:00+01:00,ind,decision,,all,,,,1,0',
    'b7,b,b,decision,complete,2025-01-15T12:00:00+01:00,ind,decision,,all,,,reject,1,0',
    'b8,b,b,exit:departed-independent,complete,2025-01-20T12:00:00+01:00,,,,all,,,,1,0',
    'c1,c,c,arrival,complete,2025-01-25T09:00:00+01:00,,,,all,,,,1,0',
    'c2,c,c,intake,schedule,2025-01-25T09:00:00+01:00,ind,intake,,all,,,,1,0',
  ].join('\n') + '\n';

/** The monitor figures of `log` on `model` (YAML text or loaded) over `window` (first and last day), per `by`. */
export async function monitorText(
  log: string,
  model: string | LoadedModel,
  window: { from: string; to: string },
  by?: 'track' | 'cohort' | 'location' | 'partner',
): Promise<MonitorResult> {
  const file = join(tempDir(), 'events.csv');
  writeFileSync(file, log);
  const loaded = typeof model === 'string' ? modelFromYaml(model) : model;
  const { table } = await loadEventTable(file);
  const chain = chainForLog(loaded, table);
  const reading = readVisits(
    table,
    chain.stages.map((s) => s.id),
  );
  return monitorFigures(table, reading, {
    chain,
    fromDay: parseIsoDate(window.from),
    toDay: parseIsoDate(window.to) + 1,
    by,
  });
}

/** The monitor figures of HAND_LOG on `model` (HAND_MODEL or a relabelled copy) over January and February 2025. */
export function handMonitorResult(model: LoadedModel): Promise<MonitorResult> {
  return monitorText(HAND_LOG, model, { from: '2025-01-01', to: '2025-02-28' });
}
