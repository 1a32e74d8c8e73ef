// The relative value imports of the sources under a folder (type-only imports are erased, so they do not count),
// for the tests that keep a floor from importing the floors above it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers.ts';

/** Every relative value import (and re-export) of the `.ts` files under `dir`, as { file, target } paths. */
export function relativeValueImports(dir: string): { file: string; target: string }[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const text = readFileSync(join(repoRoot, dir, f), 'utf8');
      return [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => ({
        file: join(dir, f),
        target: join(dir, f, '..', m[1]),
      }));
    });
}
