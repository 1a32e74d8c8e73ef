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
    writeFileSync(file, ['doorstroom: 1', ...Array.from({ length: 150 }, (_, i) => `field${i}: ${i}`)].join('\n') + '\n');
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
    expect(stderr).toContain(`${file}:3:1: name: duplicate field "name" (first given on line 2); keep only one of the two`);
  });
});
