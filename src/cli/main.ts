// The doorstroom command line: one file per command, each thin (parse, call the library, print).
// Exit codes: 0 success, 1 internal failure, 2 a user error (bad model, bad input file, bad option).
import { Command } from 'commander';
import { DOORSTROOM_VERSION } from '../version.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('doorstroom')
    .version(DOORSTROOM_VERSION)
    .description('Plan, monitor and simulate an asylum chain.')
    .exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code === 1 ? 2 : code;
    throw error;
  }
}
