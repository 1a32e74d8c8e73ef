// Every numeric option of the simulating commands is bounded: a value past its limit is one line naming the
// option and its range, exit code 2 — never a crash (`--seed 1e30`) or a run past the model's own limits
// (`--horizon-days 1e8`). A run whose results would not fit in memory is refused before it starts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli } from '../helpers.ts';

const mmc = join(examplesDir, 'mmc.yaml');

describe('bounded options', () => {
  const cases: [string[], RegExp][] = [
    [['simulate', mmc, '--seed', '1e30'], /--seed must be a whole number >= 0 and <= 9007199254740991 \(got "1e30"\)/],
    [['simulate', mmc, '--seed', '9007199254740993'], /--seed must be a whole number >= 0 and <= 9007199254740991/],
    [
      ['simulate', mmc, '--horizon-days', '1e8'],
      /--horizon-days must be a whole number >= 1 and <= 36600 \(got "1e8"\)/,
    ],
    [['simulate', mmc, '--replications', '1e9'], /--replications must be a whole number >= 1 and <= 10000/],
    [
      ['simulate', mmc, '--replications', '0x10'],
      /--replications must be a whole number >= 1 and <= 10000 \(got "0x10"\)/,
    ],
    [['simulate', mmc, '--workers', '1000'], /--workers must be a whole number >= 1 and <= 64/],
    [['simulate', mmc, '--trace-replication', '-1'], /--trace-replication must be a whole number >= 0 and <= 9999/],
    [
      ['compare', mmc, '--with', 'x.yaml', '--max-replications', '1e6'],
      /--max-replications must be a whole number >= 1 and <= 10000/,
    ],
    [['plan', 'capacity', mmc, '--months', '1e9'], /--months must be a whole number >= 1 and <= 1200/],
    [['plan', 'capacity', mmc, '--max-iterations', '1e9'], /--max-iterations must be a whole number >= 1 and <= 1000/],
    [
      ['calibrate', 'log.csv', '--model', mmc, '--validate', '1e6'],
      /--validate must be a whole number >= 0 and <= 100/,
    ],
  ];
  for (const [args, message] of cases) {
    it(`${args.slice(0, 1).join(' ')} ${args.slice(2).join(' ')}`, async () => {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('refuses replications whose results would not fit in memory, saying how many fit', async () => {
    const { code, stderr } = await runCli(['simulate', mmc, '-r', '10000', '-q']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'doorstroom: 10000 replications would keep 839500000 daily values (23 series × 3650 days each), more than the 250000000 that fit in memory; use at most 2977 replications, or a shorter horizon\n',
    );
  });
});
