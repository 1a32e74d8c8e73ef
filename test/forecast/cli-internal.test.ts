// An internal error of the forecast command stays an internal error: exit code 1 with its stack, never exit 2 as
// if the user had made a mistake (the command once turned every RangeError into a user error).
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers.ts';

vi.mock('../../src/forecast/scenarios.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/forecast/scenarios.ts')>();
  return {
    ...original,
    applyProfile: () => {
      throw new RangeError('a defect planted by the test');
    },
  };
});

const dataFile = join(import.meta.dirname, '..', '..', 'data', 'asylum_applicants_monthly_nl_de_2012_2019.csv');

describe('doorstroom forecast and internal errors', () => {
  it('reports a RangeError from inside doorstroom as an internal error, exit code 1, with its stack', async () => {
    const result = await runCli([
      'forecast',
      dataFile,
      '--column',
      'NL',
      '--method',
      'naive',
      '--horizon',
      '3',
      '--stress',
      'surge',
      '--quiet',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/internal error/);
    expect(result.stderr).toMatch(/RangeError: a defect planted by the test\n\s+at /);
  });
});
