// Writes test/regression/golden.json: the fingerprint of every regression case, run from the sources. It is only
// remade for a change of result that was reviewed and stated; `node scripts/regression-golden.ts` remakes it.
//
// History of the stored file. It was first made at commit 843802f, before the redesign of the output layer and the
// simulator, with one digest per column. The redesign kept those digests (two reviewed changes: compare.json's
// daily series moved to daily.csv, and the forecast's sample paths changed with the move to one random generator).
// At commit b72795b, whose outputs matched that stored file, it was remade with one digest per column and group of
// rows (series, KPI, stage) from the same inputs, now frozen in test/regression/frozen, so that a new series or
// KPI no longer changes the digests of the existing ones.
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
