// `npm run bench [-- filter]`: runs every bench/*.bench.ts, prints the median of each figure and writes all
// figures to bench/results/latest.json (and a dated copy), with the machine and Node version they came from.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Benchmark, type BenchmarkResult, runBenchmark } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const results: BenchmarkResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { benchmarks: Benchmark[] };
  for (const benchmark of mod.benchmarks) {
    if (filters.length > 0 && !filters.some((f) => benchmark.name.includes(f) || basename(file).includes(f))) continue;
    const result = await runBenchmark(benchmark);
    results.push(result);
    const fmt = (v: number) => (Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toPrecision(4));
    console.log(
      `${result.name.padEnd(48)} median ${fmt(result.median).padStart(10)} ${result.unit.padEnd(10)} ` +
        `(min ${fmt(result.min)}, max ${fmt(result.max)}, ${result.runs} runs)${result.target ? `  target ${result.target}` : ''}`,
    );
  }
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  results,
};
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const json = JSON.stringify(report, null, 2) + '\n';
writeFileSync(join(outDir, 'latest.json'), json);
writeFileSync(join(outDir, `${report.date.slice(0, 19).replace(/[:T]/g, '-')}.json`), json);
console.log(`\nwrote ${results.length} figures to bench/results/latest.json`);
