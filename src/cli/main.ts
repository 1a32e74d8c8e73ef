// The doorstroom command line: one file per command, each thin (parse, call the library, print).
// Exit codes: 0 success, 1 internal failure, 2 a user error (bad model, bad input file, bad option).
import { Command } from 'commander';
import { removeTempsOnSignals } from '../core/temp-files.ts';
import { DOORSTROOM_VERSION } from '../version.ts';
import { registerAllocate } from './allocate.ts';
import { registerCalibrate } from './calibrate.ts';
import { registerCompare } from './compare.ts';
import { registerForecast } from './forecast.ts';
import { registerImport } from './import.ts';
import { registerKey } from './key.ts';
import { registerMonitor } from './monitor.ts';
import { addPlacementCommand } from './placement.ts';
import { registerPlan } from './plan.ts';
import { registerSchema } from './schema.ts';
import { registerSimulate } from './simulate.ts';
import { registerTwin } from './twin.ts';
import { registerValidate } from './validate.ts';

export async function main(argv: readonly string[]): Promise<number> {
  // An interrupted command removes its temporary files: the outputs stay as they were.
  removeTempsOnSignals();
  const program = new Command('doorstroom')
    .version(DOORSTROOM_VERSION)
    .description('Plan, monitor and simulate an asylum chain.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerSimulate(program);
  registerValidate(program);
  registerCompare(program);
  registerForecast(program);
  registerImport(program);
  registerKey(program);
  registerMonitor(program);
  registerCalibrate(program);
  registerAllocate(program, [addPlacementCommand]);
  registerPlan(program);
  registerTwin(program);
  registerSchema(program);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { exitCode?: number; code?: string }).exitCode;
    const name = (error as { code?: string }).code;
    if (name === 'commander.helpDisplayed' || name === 'commander.version' || name === 'commander.help') return 0;
    if (typeof code === 'number') return code === 0 ? 0 : 2;
    throw error;
  }
}
