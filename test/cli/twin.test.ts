// `doorstroom twin`: the warm start's files and summary, and bad input stopped with a located error and exit 2
// before anything is written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { HAND_LOG, HAND_MODEL, handLogCsv } from '../twin/hand-log.ts';

let dir: string;
let log: string;
let model: string;

beforeAll(() => {
  dir = tempDir();
  log = join(dir, 'events.csv');
  model = join(dir, 'chain.yaml');
  writeFileSync(log, handLogCsv(HAND_LOG));
  writeFileSync(model, HAND_MODEL);
});

describe('doorstroom twin', () => {
  it('writes the open cases without identifiers, the warm start and the projection, and says them in Dutch', async () => {
    const out = join(dir, 'out');
    const run = await runCli([
      'twin',
      log,
      '--model',
      model,
      '--as-of',
      '2025-01-01',
      '-r',
      '2',
      '-w',
      '1',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'open-cases.csv'), 'utf8')).toBe(
      'stage,persons,cohort,arrived,enteredStage,children,kind,track,granted,startedService,sponsorHoused,location,clock.decision-term\n' +
        'procedure,1,all,2024-07-15,2024-07-17,,first,,false,,,,2024-07-15\n',
    );
    expect(readFileSync(join(out, 'warm-start.csv'), 'utf8')).toContain('procedure,1,1,0,1,');
    const { warmStart, projection } = JSON.parse(readFileSync(join(out, 'twin.json'), 'utf8'));
    expect(warmStart).toMatchObject({ openCases: 1, closedCases: 1, eventsAfterAsOf: 3, casesAfterAsOf: 1 });
    expect(projection).toMatchObject({ startDate: '2025-01-01', weeks: 26, replications: 2 });
    // The old case passes its six-month term in the third week (on 2025-01-15) in every replication.
    const past = projection.thresholds.find((t: { id: string }) => t.id === 'pastNorm.decision-term');
    expect(past.probability.slice(0, 3)).toEqual([0, 0, 1]);
    expect(run.stdout).toContain('peildatum 2025-01-01 (00:00): 1 open zaken (1 personen) van 3 zaken in het log');
    expect(run.stdout).toContain('3 gebeurtenissen op of na de peildatum genegeerd · 1 zaken beginnen pas daarna');
  });

  it('a log without the model’s stages: located at the log, exit 2, nothing written', async () => {
    const other = join(dir, 'other.yaml');
    writeFileSync(other, HAND_MODEL.replaceAll('registration', 'intake').replaceAll('procedure', 'decide'));
    const out = join(dir, 'none');
    const run = await runCli(['twin', log, '--model', other, '--as-of', '2025-01-01', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${log}:1:1: activity: the log has none of the stages of the model`);
    expect(existsSync(out)).toBe(false);
  });

  it('an as-of date outside the log, or not a date: exit 2 with what to give', async () => {
    const outside = await runCli(['twin', log, '--model', model, '--as-of', '2026-01-01']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('give a date from 2024-07-16 to 2025-01-06');
    const notADate = await runCli(['twin', log, '--model', model, '--as-of', '2025-13-01']);
    expect(notADate.code).toBe(2);
    expect(notADate.stderr).toContain('--as-of must be a date YYYY-MM-DD');
    const capacity = await runCli(['twin', log, '--model', model, '--as-of', '2025-01-01', '--capacity', 'beds']);
    expect(capacity.code).toBe(2);
    expect(capacity.stderr).toContain('--capacity must be model or log');
  });
});
