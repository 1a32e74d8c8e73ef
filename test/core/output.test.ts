// Outputs are whole or absent, where the user said: files and result folders appear complete or not at all,
// missing parent folders are created, what is in the way is an InputError naming the path, temporaries of ended
// processes are removed by the next write, and a result folder only ever replaces a folder doorstroom wrote.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicTextFile, commitTogether, writeFileAtomically } from '../../src/core/atomic-write.ts';
import { RESULT_MARKER, ResultFolder, writeResultFolder } from '../../src/core/result-folder.ts';
import { removeLiveTemps, removeStaleTemps, tempPathFor } from '../../src/core/temp-files.ts';
import { InputError } from '../../src/core/diagnostics.ts';
import { tempDir } from '../helpers.ts';

/** A process id that runs no process here: above the kernel's pid_max of 2^22. */
const DEAD_PID = 4_194_400;

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('atomic files', () => {
  it('creates missing parent folders of the file it writes', () => {
    const dir = tempDir();
    const path = join(dir, 'a', 'b', 'events.csv');
    writeFileAtomically(path, 'x\n');
    expect(readFileSync(path, 'utf8')).toBe('x\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['events.csv']);
  });

  it('refuses a target that is a folder, naming it, and leaves nothing behind', () => {
    const dir = tempDir();
    const error = thrown(() => writeFileAtomically(dir, 'x'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(dir);
    expect(error.message).toContain('folder');
  });

  it('refuses a device as a target instead of replacing it', () => {
    const error = thrown(() => writeFileAtomically('/dev/null', 'x'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'cannot write /dev/null: it is a device, pipe or socket, not a file; give the name of a file',
    );
  });

  it('names the path when a parent is a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const error = thrown(() => writeFileAtomically(join(dir, 'file', 'x.csv'), 'x'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(join(dir, 'file'));
  });

  it('leaves the old file untouched until commit, and removes the temporary on abort', () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old\n');
    const file = new AtomicTextFile(path);
    file.write('new\n');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    file.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('removes the temporaries of ended processes beside the target, and keeps those of running ones', () => {
    const dir = tempDir();
    const path = join(dir, 'events.csv');
    writeFileSync(`${path}.tmp-${DEAD_PID}`, 'case data');
    mkdirSync(`${path}.old-${DEAD_PID}`);
    writeFileSync(`${path}.tmp-1`, 'init runs'); // pid 1 always runs
    writeFileSync(join(dir, 'other.csv.tmp-12345678'), 'another target');
    writeFileAtomically(path, 'x\n');
    expect(readdirSync(dir).sort()).toEqual(['events.csv', 'events.csv.tmp-1', 'other.csv.tmp-12345678']);
  });

  it('commits an event log and its rejects file together, and removes a stale rejects file when there are none', () => {
    const dir = tempDir();
    const events = join(dir, 'events.csv');
    const rejects = join(dir, 'events.rejects.csv');
    writeFileSync(rejects, 'from an earlier import\n');
    const a = new AtomicTextFile(events);
    a.write('e\n');
    commitTogether([a], [rejects]);
    expect(readdirSync(dir)).toEqual(['events.csv']);
    const b = new AtomicTextFile(events);
    const c = new AtomicTextFile(rejects);
    b.write('e2\n');
    c.write('r2\n');
    commitTogether([b, c]);
    expect(readFileSync(events, 'utf8')).toBe('e2\n');
    expect(readFileSync(rejects, 'utf8')).toBe('r2\n');
  });

  it('removes the temporaries this process holds when asked to (as on SIGINT or SIGTERM)', () => {
    const dir = tempDir();
    const file = new AtomicTextFile(join(dir, 'big.csv'));
    file.write('half of it');
    const folder = new ResultFolder(join(dir, 'out'));
    folder.write('summary.json', '{}');
    expect(readdirSync(dir).length).toBe(2);
    removeLiveTemps();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('result folders', () => {
  it('appear complete with their marker, and replace an earlier result as a whole', () => {
    const dir = tempDir();
    const out = join(dir, 'new', 'out');
    writeResultFolder(out, (f) => {
      f.write('a.csv', '1\n');
      f.write('b.csv', '2\n');
    });
    expect(readdirSync(out).sort()).toEqual([RESULT_MARKER, 'a.csv', 'b.csv']);
    writeResultFolder(out, (f) => f.write('c.csv', '3\n'));
    // A file of the earlier run that this run does not write is gone: no mix of two runs.
    expect(readdirSync(out).sort()).toEqual([RESULT_MARKER, 'c.csv']);
    expect(readdirSync(join(dir, 'new'))).toEqual(['out']);
  });

  it('leave the earlier result as it was when the new one fails half-way', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    writeResultFolder(out, (f) => f.write('a.csv', 'old\n'));
    expect(() =>
      writeResultFolder(out, (f) => {
        f.write('a.csv', 'new\n');
        throw new Error('failed while writing');
      }),
    ).toThrow('failed while writing');
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('write into an existing empty folder, and treat out/ and out as the same folder', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeResultFolder(`${out}/`, (f) => f.write('a.csv', '1\n'));
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('1\n');
  });

  it('refuse a folder holding files doorstroom did not write, and a file, naming the path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'my-notes.txt'), 'keep me');
    const error = thrown(() => writeResultFolder(dir, (f) => f.write('a.csv', '1\n')));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(dir);
    expect(error.message).toContain('my-notes.txt');
    expect(readFileSync(join(dir, 'my-notes.txt'), 'utf8')).toBe('keep me');
    const file = join(dir, 'my-notes.txt');
    expect(thrown(() => writeResultFolder(file, () => undefined))).toBeInstanceOf(InputError);
    expect(thrown(() => writeResultFolder('.', () => undefined))).toBeInstanceOf(InputError);
  });

  it('finish a swap that a killed run left half-done, and remove what ended runs left', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    // Killed between the two renames: no out, the old one aside, the complete new one under its temporary name.
    mkdirSync(`${out}.old-${DEAD_PID}`);
    writeFileSync(join(`${out}.old-${DEAD_PID}`, 'a.csv'), 'old\n');
    mkdirSync(`${out}.tmp-${DEAD_PID}`);
    writeFileSync(join(`${out}.tmp-${DEAD_PID}`, 'a.csv'), 'new\n');
    writeFileSync(join(`${out}.tmp-${DEAD_PID}`, RESULT_MARKER), '');
    const folder = new ResultFolder(out);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('new\n');
    folder.abort();
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('never name a temporary inside the folder it stands in for', () => {
    expect(tempPathFor('out')).toBe(`out.tmp-${process.pid}`);
    const dir = tempDir();
    const folder = new ResultFolder(`${join(dir, 'out')}//`);
    expect(folder.buildDir).toBe(`${join(dir, 'out')}.tmp-${process.pid}`);
    folder.abort();
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(removeStaleTemps(join(dir, 'out'))).toEqual([]);
  });
});
