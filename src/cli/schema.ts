// `doorstroom schema`: prints the JSON Schema of model files (or, with --measure, of measure files), for editors
// that complete and check YAML.
import type { Command } from 'commander';
import { measureJsonSchema } from '../model/measures.ts';
import { modelJsonSchema } from '../model/schema.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'Print the JSON Schema of chain model files (doorstroom schema > model.schema.json), or of measure files with --measure.',
    )
    .option('--measure', 'the schema of measure files (doorstroom schema --measure > measure.schema.json)')
    .action((opts: { measure?: boolean }) => {
      process.stdout.write(JSON.stringify(opts.measure ? measureJsonSchema() : modelJsonSchema(), null, 2) + '\n');
    });
}
