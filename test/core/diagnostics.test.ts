import { describe, expect, it } from 'vitest';
import { InputError, formatDiagnostic, suggestSpelling } from '../../src/core/diagnostics.ts';

describe('formatDiagnostic', () => {
  it('writes file:line:col: path: message', () => {
    expect(
      formatDiagnostic({
        file: 'm.yaml',
        line: 3,
        col: 7,
        path: 'stages[2].capacity.servers',
        message: 'expected a number',
      }),
    ).toBe('m.yaml:3:7: stages[2].capacity.servers: expected a number');
  });

  it('leaves out the path when the problem concerns the whole document', () => {
    expect(formatDiagnostic({ file: 'm.yaml', line: 1, col: 1, path: '', message: 'cannot read file' })).toBe(
      'm.yaml:1:1: cannot read file',
    );
  });
});

describe('InputError', () => {
  it('carries its diagnostics and prints them one per line', () => {
    const diagnostics = [
      { file: 'a.yaml', line: 1, col: 2, path: 'x', message: 'first' },
      { file: 'a.yaml', line: 4, col: 1, path: '', message: 'second' },
    ];
    const error = new InputError(diagnostics);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InputError');
    expect(error.diagnostics).toEqual(diagnostics);
    expect(error.message).toBe('a.yaml:1:2: x: first\na.yaml:4:1: second');
  });
});

describe('suggestSpelling', () => {
  it('finds the closest candidate, counting a swapped pair of letters as one edit', () => {
    expect(suggestSpelling('sevrers', ['servers', 'throughput', 'unlimited'])).toBe('servers');
    expect(suggestSpelling('leadtimedays', ['leadTimeDays', 'id'])).toBe('leadTimeDays');
  });

  it('suggests nothing when no candidate is a plausible typo', () => {
    expect(suggestSpelling('capacity', ['servers', 'throughput'])).toBeUndefined();
    expect(suggestSpelling('x', [])).toBeUndefined();
  });
});
