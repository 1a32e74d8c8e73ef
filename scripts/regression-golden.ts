// Writes test/regression/golden.json: the fingerprint of every regression case, run from the sources. The
// stored file was made before the redesign of issue 12 (commit 843802f) and is only remade for a change of
// result that was reviewed and stated; `node scripts/regression-golden.ts` remakes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import { REGRESSION_CASES, fingerprint } from '../test/regression/cases.ts';

const work = mkdtempSync(join(tmpdir(), 'doorstroom-golden-'));
const golden: Record<string, unknown> = {};
try {
  for (const c of REGRESSION_CASES) {
    const code = await main(['node', 'doorstroom', ...c.args(work)]);
    if (code !== 0) throw new Error(`${c.name}: exit code ${code}`);
    golden[c.name] = fingerprint(join(work, c.output));
    console.error(`${c.name}: done`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(new URL('../test/regression/golden.json', import.meta.url), JSON.stringify(golden, null, 1) + '\n');
