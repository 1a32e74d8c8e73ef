// How the command line reports a user's mistakes: located problems without a stack trace and exit 2, the first
// hundred of a file that has a problem on every line, then the count of the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';

describe('reporting problems', () => {
  it('lists the first 100 problems of a file and counts the rest', async () => {
    const dir = tempDir();
    const file = join(dir, 'keys.yaml');
    writeFileSync(
      file,
      ['doorstroom: 1', ...Array.from({ length: 150 }, (_, i) => `field${i}: ${i}`)].join('\n') + '\n',
    );
    const { code, stdout, stderr } = await runCli(['validate', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith(`${file}:`))).toHaveLength(100);
    const total = Number(/doorstroom: (\d+) problems found/.exec(stderr)?.[1]);
    expect(total).toBeGreaterThanOrEqual(150);
    expect(lines.at(-2)).toBe(`… and ${total - 100} more problems, not shown; fix these first (is it the right file?)`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a duplicate field at its second use, naming the first', async () => {
    const dir = tempDir();
    const file = join(dir, 'dup.yaml');
    writeFileSync(file, 'doorstroom: 1\nname: a\nname: b\n');
    const { code, stderr } = await runCli(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${file}:3:1: name: duplicate field "name" (first given on line 2); keep only one of the two`,
    );
  });
});

describe('a log column with too many distinct values', () => {
  it('is a located error of the log (exit 2), not an internal one', async () => {
    const dir = tempDir();
    const file = join(dir, 'events.csv');
    const rows = Array.from(
      { length: 70_000 },
      (_, i) => `e${i},c${i},p${i},aa,complete,2025-03-01T00:00:00Z,ind,aa,general,all,location-${i},,1,0`,
    );
    writeFileSync(
      file,
      [
        'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,outcome,persons,children',
        ...rows,
      ].join('\n') + '\n',
    );
    const { code, stderr } = await runCli(['monitor', file, '--quiet']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:1:1: the log has more than 65,535 distinct values of location`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
