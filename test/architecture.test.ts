// Layering rules that code review alone would miss: the simulation engine, the chain
// logic and the forecasting models import nothing Node-only, so they run in a browser Web Worker too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from '../src/core/graph.ts';
import { repoRoot } from './helpers.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function allFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('architecture', () => {
  const pure = ['src/sim/engine', 'src/sim/chain', 'src/sim/stats', 'src/sim/theory', 'src/forecast'];
  // Files that are the Node front of a pure layer, by design and by name.
  const nodeFronts = new Set(['src/forecast/parallel-node.ts']);

  it('keeps the engine, the chain, statistics and forecasting free of Node-only imports', () => {
    const offenders: string[] = [];
    for (const dir of pure) {
      for (const file of sourceFiles(dir)) {
        if (nodeFronts.has(file)) continue;
        const text = readFileSync(join(repoRoot, file), 'utf8');
        if (/from ['"]node:|require\(['"]node:|from ['"](fs|path|os|worker_threads|child_process)['"]/.test(text))
          offenders.push(file);
        if (/\bprocess\.|\bBuffer\b/.test(text.replace(/\/\/.*$/gm, ''))) offenders.push(`${file} (process/Buffer)`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reads and cites no folder outside the repository (benchmarks may, when it is there)', () => {
    // A clone anywhere must install, run and pass its tests on its own: no code, test, example, data note or
    // document may point at a sibling folder of the checkout.
    const outside = /\.\.\/shared\b|['"]\.\.['"],\s*['"]shared['"]/;
    const texts = ['src', 'test', 'examples', 'docs', 'bin', 'data']
      .flatMap((dir) => allFiles(dir))
      .concat(['README.md', 'DEVELOPERS.md', 'package.json']);
    const offenders = texts
      .filter(
        (f) =>
          f !== 'test/architecture.test.ts' && /\.(ts|js|md|yaml|yml|json|csv)$/.test(f) && !f.endsWith('.topojson'),
      )
      .filter((f) => outside.test(readFileSync(join(repoRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps what the pure layers import, file by file and transitively, free of Node-only imports', () => {
    // A value import of a file that imports node:fs would break the simulator in a browser Web Worker even when
    // the importing file itself looks clean; type-only imports are erased and do not count.
    const nodeOnly = /from ['"]node:|require\(['"]node:|from ['"](fs|path|os|worker_threads|child_process)['"]/;
    const valueImports = (file: string): string[] =>
      [
        ...readFileSync(join(repoRoot, file), 'utf8').matchAll(
          /^import\s+(?!type\s)[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm,
        ),
      ].map((m) => join(dirname(file), m[1]));
    const offenders: string[] = [];
    for (const dir of pure) {
      for (const start of sourceFiles(dir)) {
        if (nodeFronts.has(start)) continue;
        const seen = new Set<string>([start]);
        const queue = [start];
        while (queue.length > 0) {
          const file = queue.pop()!;
          if (file !== start && nodeOnly.test(readFileSync(join(repoRoot, file), 'utf8'))) {
            offenders.push(`${start} → ${file}`);
            continue;
          }
          for (const next of valueImports(file)) {
            if (!seen.has(next)) {
              seen.add(next);
              queue.push(next);
            }
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never lets the library import the CLI', () => {
    const offenders = sourceFiles('src')
      .filter((f) => !f.startsWith('src/cli/'))
      .filter((f) => /from ['"][./]*cli\//.test(readFileSync(join(repoRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  // The floors of the house, lowest first. A file may import from its own folder and from lower floors, never
  // from a higher one (type-only imports count: they tie the lower floor to the higher one's shape).
  const FLOORS: string[][] = [
    ['src/core', 'src/version.ts'],
    ['src/forecast'],
    ['src/model'],
    ['src/log', 'src/sim/engine', 'src/sim/stats', 'src/sim/theory'],
    ['src/sim/chain'],
    ['src/sim/run', 'src/data'],
    ['src/monitor', 'src/plan'],
    ['src/calibrate', 'src/twin'],
    ['src/results'],
    ['src/report'],
    ['src/cli', 'src/index.ts'],
  ];
  const roomOf = (file: string): string | undefined =>
    FLOORS.flat().find((room) => file === room || file.startsWith(`${room}/`));
  const floorOf = (file: string): number => FLOORS.findIndex((rooms) => rooms.includes(roomOf(file) ?? ''));
  const imports = (file: string): string[] =>
    [
      ...readFileSync(join(repoRoot, file), 'utf8').matchAll(
        /^(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm,
      ),
    ].map((m) => join(dirname(file), m[1]));

  it('gives every source file a floor', () => {
    expect(sourceFiles('src').filter((f) => floorOf(f) < 0)).toEqual([]);
  });

  it('never imports from a higher floor, nor between two rooms of one floor', () => {
    const offenders = sourceFiles('src').flatMap((file) =>
      imports(file)
        .filter((target) => roomOf(target) !== roomOf(file) && floorOf(target) >= floorOf(file))
        .map((target) => `${file} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has no import circles', () => {
    // Strongly connected components over the value and type imports of src/: any with two files is a circle.
    const circles = stronglyConnectedComponents(sourceFiles('src'), imports)
      .filter((component) => component.length > 1)
      .map((component) => component.sort());
    expect(circles).toEqual([]);
  });

  it('cites no document that is not in the repository', () => {
    // A reader of a comment, a doc or an example must be able to open what it cites.
    const texts = ['src', 'test', 'docs', 'examples', 'bench', 'scripts']
      .flatMap((dir) => allFiles(dir))
      .filter((f) => /\.(ts|md|yaml)$/.test(f))
      .concat(['README.md', 'DEVELOPERS.md']);
    const known = new Set(
      ['.', 'docs', 'bench', 'examples', 'data'].flatMap((dir) =>
        readdirSync(join(repoRoot, dir)).filter((f) => f.endsWith('.md')),
      ),
    );
    const offenders = texts.flatMap((file) =>
      [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/\b([A-Za-z][\w-]*\.md)\b/g)]
        .map((m) => m[1])
        .filter((name) => !known.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });
});
