// The twin by hand: a case 170 days old at the as-of date under a six-month term breaches in the twin on the day
// its term ends, 14 days later (its age carries over); events after the as-of moment are ignored and counted;
// bad input stops with a located error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, parseIsoDate } from '../../src/core/calendar.ts';
import { InputError } from '../../src/core/diagnostics.ts';
import { loadEventTable } from '../../src/monitor/load.ts';
import type { EventTable } from '../../src/monitor/event-table.ts';
import type { LoadedModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { warmStart } from '../../src/twin/warm-start.ts';
import { twinModel } from '../../src/twin/twin-model.ts';
import { errorsOf, modelFromYaml, tempDir } from '../helpers.ts';
import { HAND_LOG, HAND_MODEL, handLogCsv } from './hand-log.ts';

let loaded: LoadedModel;
let table: EventTable;
let logFile: string;

beforeAll(async () => {
  logFile = join(tempDir(), 'events.csv');
  writeFileSync(logFile, handLogCsv(HAND_LOG));
  loaded = modelFromYaml(HAND_MODEL);
  table = (await loadEventTable(logFile)).table;
});

describe('a case 170 days old at the as-of date', () => {
  it('keeps its age: waiting at the procedure since 2024-07-17, its clock running from 2024-07-15', () => {
    const { rows } = warmStart(table, loaded, '2025-01-01');
    expect(rows).toEqual([
      {
        stage: 'procedure',
        persons: 1,
        children: null,
        kind: 'first',
        cohort: 'all',
        track: null,
        granted: false,
        arrived: '2024-07-15',
        enteredStage: '2024-07-17',
        startedService: null,
        clocks: { 'decision-term': '2024-07-15' },
        sponsorHoused: null,
        location: null,
      },
    ]);
  });

  it('breaches its six-month term in the twin on day 14, when the term ends (not after six months)', async () => {
    const deadlineDay = addMonths(parseIsoDate('2024-07-15'), 6) - parseIsoDate('2025-01-01');
    expect(deadlineDay).toBe(14);
    const twin = twinModel(loaded, warmStart(table, loaded, '2025-01-01'));
    // Six months (181 days) in whole weeks: 26 weeks.
    expect(twin.model.time).toEqual({ start: '2025-01-01', horizonDays: 182, warmupDays: 0 });
    const openPast = async (horizonDays: number) =>
      (await simulate(twin, { replications: 1, workers: 1, horizonDays })).replications[0].kpis[
        'norm.decision-term.openPastDeadline'
      ];
    expect(await openPast(deadlineDay)).toBe(0);
    expect(await openPast(deadlineDay + 1)).toBe(1);
    // Decided on day 60 (the procedure takes 60 days from the start): 46 days late.
    const full = await simulate(twin, { replications: 1, workers: 1 });
    expect(full.replications[0].kpis['norm.decision-term.daysLate']).toBeCloseTo(46, 9);
  });
});

describe('events after the as-of moment', () => {
  it('are ignored and counted, and a case whose first event is after it is counted, not started', () => {
    const { summary, rows } = warmStart(table, loaded, '2025-01-01');
    expect(rows[0].startedService).toBeNull();
    expect(summary).toMatchObject({
      logCases: 3,
      openCases: 1,
      openPersons: 1,
      closedCases: 1,
      eventsAfterAsOf: 3,
      casesAfterAsOf: 1,
    });
    // A day later than the start event, the same case is in service since then.
    const later = warmStart(table, loaded, '2025-01-06');
    expect(later.summary.eventsAfterAsOf).toBe(0);
    expect(later.rows.find((r) => r.stage === 'procedure')!.startedService).toBe('2025-01-05');
  });
});

describe('bad input', () => {
  it('a log without the model’s stages: located at the log, naming the stages and what to do', () => {
    const other = modelFromYaml(HAND_MODEL.replaceAll('registration', 'intake').replaceAll('procedure', 'decide'));
    const errors = errorsOf(() => warmStart(table, other, '2025-01-01', { logFile }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${logFile}:1:1: activity: the log has none of the stages of the model`);
    expect(errors[0]).toContain('intake, decide');
    expect(errors[0]).toContain('--mapping');
  });

  it('an as-of date outside the log, or not a date', () => {
    expect(() => warmStart(table, loaded, '2024-07-15')).toThrow(
      /--as-of 2024-07-15 is outside .*: its events run from 2024-07-15 to 2025-01-05; give a date from 2024-07-16 to 2025-01-06/,
    );
    expect(() => warmStart(table, loaded, '2025-02-01')).toThrow(InputError);
    expect(() => warmStart(table, loaded, '1 december')).toThrow(/--as-of must be a date YYYY-MM-DD/);
  });
});
