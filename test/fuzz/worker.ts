// A long-lived process that runs doorstroom commands one after another for the bad-input runner (runner.ts), so
// that each case costs the command's own time and not a process start from source. Each case arrives as an IPC
// message { id, cwd, args, env }; the command runs in-process from the sources with standard output and error
// captured, and the answer is { id, code, stdout, stderr }. The runner kills this process when a case runs too
// long or uses too much memory, and starts another. Started with `node [--max-old-space-size=N] test/fuzz/worker.ts`.
import { main } from '../../src/cli/main.ts';

interface Job {
  id: number;
  cwd: string;
  args: string[];
  env: Record<string, string>;
}

/** Output kept per stream; the rest is counted (a leak is looked for in what is kept and in the files). */
const MAX_CAPTURE = 32 * 1024 * 1024;

let unhandled: string | undefined;
// A promise rejected with nobody to catch it, or an exception thrown from a callback, is a defect of the
// command that ran: it is reported with that case, which counts as a crash.
process.on('unhandledRejection', (reason) => {
  unhandled ??= `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`;
});
process.on('uncaughtException', (error) => {
  unhandled ??= `uncaught exception: ${error.stack ?? error.message}`;
});

const stdoutWrite = process.stdout.write.bind(process.stdout);
const stderrWrite = process.stderr.write.bind(process.stderr);

/** Replaces `stream`'s write by one that keeps what is written (up to MAX_CAPTURE) in `kept`. */
function intercept(stream: NodeJS.WriteStream, kept: string[]): void {
  let size = 0;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (size < MAX_CAPTURE) kept.push(text.slice(0, MAX_CAPTURE - size));
    size += text.length;
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
}

function capture(): { out: string[]; err: string[]; restore: () => void } {
  const out: string[] = [];
  const err: string[] = [];
  intercept(process.stdout, out);
  intercept(process.stderr, err);
  return {
    out,
    err,
    restore: () => {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    },
  };
}

async function run(job: Job): Promise<void> {
  process.chdir(job.cwd);
  for (const [name, value] of Object.entries(job.env)) process.env[name] = value;
  process.exitCode = undefined;
  unhandled = undefined;
  const io = capture();
  let code: number;
  try {
    code = await main(['node', 'doorstroom', ...job.args]);
  } catch (error) {
    // main() lets only what is not a user error through: the command line would die with this stack.
    io.err.push(`uncaught: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  } finally {
    io.restore();
    for (const name of Object.keys(job.env)) delete process.env[name];
    process.exitCode = undefined;
  }
  // Let callbacks that the command left behind run before the answer, so that their failures count for it.
  await new Promise((resolve) => setImmediate(resolve));
  if (unhandled !== undefined) {
    io.err.push(`${unhandled}\n`);
    code = 1;
  }
  process.send!({
    id: job.id,
    code,
    stdout: io.out.join(''),
    stderr: io.err.join(''),
    unhandled: unhandled !== undefined,
  });
}

process.on('message', (job: Job) => {
  void run(job);
});
// The runner went away (it ended or was killed): nothing is left to do.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
