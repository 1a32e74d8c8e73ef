// The progress bar shows on a terminal only, never with --quiet or --json, and says what it counts.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.ts';

function stream(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(out, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { out, text: () => chunks.join('') };
}

describe('progress bar', () => {
  it('shows the phase, the count and its unit on a terminal', () => {
    const { out, text } = stream(true);
    const progress = progressBar({ unit: 'replications' }, out);
    progress.phase('simulating base', 20);
    progress.update(7);
    progress.stop();
    expect(text()).toContain('simulating base');
    expect(text()).toContain('7/20 replications');
  });

  it('counts bytes in MiB', () => {
    const { out, text } = stream(true);
    const progress = progressBar({ unit: 'bytes' }, out);
    progress.phase('reading events.csv', 50 << 20);
    progress.update(25 << 20);
    progress.stop();
    expect(text()).toContain('25 MiB of 50 MiB');
  });

  it('prints nothing when not on a terminal, with --quiet or with --json', () => {
    for (const [isTTY, options] of [
      [false, {}],
      [true, { quiet: true }],
      [true, { json: true }],
    ] as const) {
      const { out, text } = stream(isTTY);
      const progress = progressBar({ unit: 'series', ...options }, out);
      progress.phase('forecasting', 3);
      progress.update(3);
      progress.stop();
      expect(text()).toBe('');
    }
  });
});
