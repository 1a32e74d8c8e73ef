// `doorstroom validate file.yaml…`: checks model files and measure files without simulating; prints every problem,
// exit 2. A measure file (it starts with `doorstroom-measure: 1`) is checked on its own, and with --base applied to
// that model and checked as the scenario it makes.
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadModelFromDocument } from '../model/load.ts';
import { isMeasureDocument, loadScenario, readMeasureDocument } from '../model/measures.ts';

import { loadYamlFile } from '../core/read-file.ts';
import { reportUserError } from './errors.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check chain model files and measure files and report every problem with its file, line and field.')
    .argument('<files...>', 'chain model files and measure files (YAML)')
    .option('--base <model>', 'also check each measure file applied to this model (each on its own)')
    .action((files: string[], opts: { base?: string }) => {
      let code = 0;
      for (const file of files) {
        try {
          process.stdout.write(`${file}: ok (${checkFile(file, opts.base)})\n`);
        } catch (error) {
          code = Math.max(code, reportUserError(error));
        }
      }
      process.exitCode = code;
    });
}

/** Checks one file; returns what it is, for the `ok` line. */
function checkFile(file: string, base: string | undefined): string {
  const doc = loadYamlFile(file);
  if (isMeasureDocument(doc.value)) {
    const measure = readMeasureDocument(doc);
    const costs = (measure.measure.costs ?? []).length;
    const changes = `measure "${measure.measure.name}", ${measure.changes.length} change${measure.changes.length === 1 ? '' : 's'}${costs > 0 ? `, ${costs} cost${costs === 1 ? '' : 's'}` : ''}`;
    if (base === undefined) return `${changes}; give --base model.yaml to check it applied to a model`;
    const scenario = loadScenario(base, [file]);
    return `${changes}, applied to ${base}: model ${scenario.hash.slice(0, 12)}`;
  }
  const loaded = loadModelFromDocument(doc, dirname(resolve(file)));
  return `${loaded.model.stages.length} stages, ${loaded.model.cohorts.length} cohorts, model ${loaded.hash.slice(0, 12)}`;
}
