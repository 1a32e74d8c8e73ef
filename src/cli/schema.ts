// `doorstroom schema`: prints the JSON Schema of model files, for editors that complete and check YAML.
import type { Command } from 'commander';
import { modelJsonSchema } from '../model/schema.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of chain model files (doorstroom schema > model.schema.json).')
    .action(() => {
      process.stdout.write(JSON.stringify(modelJsonSchema(), null, 2) + '\n');
    });
}
