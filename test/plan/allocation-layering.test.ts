// The allocation computations stay pure (no Node-only imports, no file reading), so they can run in a browser
// worker or behind the server: they take the reference data only as types from src/data, never as code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

const FILES = ['src/plan/largest-remainder.ts', 'src/plan/taakstelling.ts', 'src/plan/distribution-key.ts'];

describe('allocation layering', () => {
  it('imports nothing Node-only and takes src/data only as types', () => {
    const offenders: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      if (/from ['"]node:|require\(/.test(text)) offenders.push(`${file}: a Node import`);
      if (/\bprocess\.|\bBuffer\b/.test(text.replace(/\/\/.*$/gm, ''))) offenders.push(`${file}: process or Buffer`);
      for (const line of text.split('\n').filter((l) => /^import .*from ['"]\.\.\/data\//.test(l))) {
        if (!line.startsWith('import type ')) offenders.push(`${file}: ${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
