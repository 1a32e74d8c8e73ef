// The doorstroom command run from the TypeScript sources (Node strips the types), for tests that need a
// process of its own: to interrupt it, or to watch its exit code and files from outside.
import { main } from '../../src/cli/main.ts';

process.exitCode = await main(process.argv);
