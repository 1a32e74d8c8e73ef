// `doorstroom validate model.yaml…`: checks model files without simulating; prints every problem, exit 2.
import type { Command } from 'commander';
import { loadModel } from '../model/load.ts';
import { reportUserError } from './errors.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check chain model files and report every problem with its file, line and field.')
    .argument('<models...>', 'chain model files (YAML)')
    .action((models: string[]) => {
      let code = 0;
      for (const file of models) {
        try {
          const loaded = loadModel(file);
          process.stdout.write(`${file}: ok (${loaded.model.stages.length} stages, ${loaded.model.cohorts.length} cohorts, model ${loaded.hash.slice(0, 12)})\n`);
        } catch (error) {
          code = Math.max(code, reportUserError(error));
        }
      }
      process.exitCode = code;
    });
}
