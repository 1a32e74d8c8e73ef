// `doorstroom allocate placement` as a user meets it: a hand-worked instance through files, the shipped
// municipalities with the example households, housing stock and labour demand changing where people go,
// impossible targets explained with exit code 0, pseudonymised ids, and bad input answered with a located message,
// exit code 2 and nothing written.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv.ts';
import { displayPath } from '../../src/data/municipalities.ts';
import { haversineKm } from '../../src/plan/placement.ts';
import { exampleHouseholdsCsv } from '../../examples/placement/households.ts';
import { repoRoot, runCli, tempDir } from '../helpers.ts';

function csvRows(path: string): Record<string, string>[] {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row.fields[i]])));
}

/**
 * Three municipalities on the meridian of 5° E: Aa at 52.0°, Bee at 52.1°, Cee at 52.3°. Targets Aa 2, Bee 3,
 * Cee 1; four households, all from Aa: one of 3 persons and three of 1 (one type: the first two go to the
 * first municipality of the list that takes singles). Six persons for six places: the
 * 3-person household can only fill Bee exactly (in Aa it would leave Bee needing 3 from three singles and Cee
 * short), so the optimum is: the family to Bee, two singles stay in Aa, one goes to Cee —
 * 3·d(Aa, Bee) + d(Aa, Cee) km·persons.
 */
function handFiles(
  dir: string,
  households = 'id,persons,children,origin,profile\nf1,3,1,GM0001,care\ns1,1,0,GM0001,care\ns2,1,0,GM0001,care\ns3,1,0,GM0001,care\n',
) {
  const files = {
    municipalities: join(dir, 'municipalities.csv'),
    coordinates: join(dir, 'coordinates.csv'),
    targets: join(dir, 'targets.csv'),
    households: join(dir, 'households.csv'),
  };
  writeFileSync(
    files.municipalities,
    'cbs_code,name,province_code,province_name,population\nGM0001,Aa,PV01,One,1000\nGM0002,Bee,PV01,One,1500\nGM0003,Cee,PV02,Two,500\n',
  );
  writeFileSync(files.coordinates, 'code,lat,lon\nGM0001,52.0,5.0\nGM0002,52.1,5.0\nGM0003,52.3,5.0\n');
  writeFileSync(files.targets, 'code,target\nGM0001,2\nGM0002,3\nGM0003,1\n');
  writeFileSync(files.households, households);
  return files;
}

const handArgs = (f: ReturnType<typeof handFiles>) => [
  'allocate',
  'placement',
  '--municipalities',
  f.municipalities,
  '--division-year',
  '2026',
  '--coordinates',
  f.coordinates,
  '--households',
  f.households,
  // The summaries are compared in English (Dutch is the default).
  '--lang',
  'en',
];
const km = (a: number, b: number) => Math.round(haversineKm({ lat: a, lon: 5 }, { lat: b, lon: 5 }) * 1000) / 1000;

describe('doorstroom allocate placement', () => {
  it('solves the hand-worked instance to its optimum and writes households, municipalities, provinces, subgroups and JSON that agree', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli([
      ...handArgs(f),
      '--targets',
      f.targets,
      '--mip-gap',
      '0',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('placement: 4 households (6 persons) over 3 municipalities (CBS division 2026)');
    expect(stdout).toMatch(/^ {2}optimal: within 0\.000% of the proven bound \(0\.0 on a placement cost of 66\.7; /m);
    expect(stdout).toContain('placed 4 households, 6 persons, against targets of 6 persons; every target met');
    expect(readdirSync(out).sort()).toEqual([
      '.doorstroom',
      'placement-households.csv',
      'placement-municipalities.csv',
      'placement-provinces.csv',
      'placement-subgroups.csv',
      'placement.json',
    ]);

    const households = csvRows(join(out, 'placement-households.csv'));
    expect(Object.keys(households[0])).toEqual([
      'id',
      'persons',
      'children',
      'origin',
      'profile',
      'municipality',
      'municipality_name',
      'province_name',
      'distance_km',
    ]);
    expect(households.map((h) => [h.id, h.municipality])).toEqual([
      ['f1', 'GM0002'],
      ['s1', 'GM0001'],
      ['s2', 'GM0001'],
      ['s3', 'GM0003'],
    ]);
    expect(Number(households[0].distance_km)).toBeCloseTo(km(52.0, 52.1), 3);
    const json = JSON.parse(readFileSync(join(out, 'placement.json'), 'utf8'));
    const optimum = 3 * km(52.0, 52.1) + km(52.0, 52.3);
    expect(json.command).toBe('allocate placement');
    expect(json.solve.status).toBe('optimal');
    expect(json.objective.distanceKmPersons).toBeCloseTo(optimum, 6);
    expect(json.solve.objective).toBeCloseTo(optimum, 6);
    expect(json.explanation.feasible).toBe(true);
    expect(json.source.targets).toContain('targets.csv (column target)');

    const municipalities = csvRows(join(out, 'placement-municipalities.csv'));
    expect(
      municipalities.map((m) => [m.code, m.year, m.target, m.placed_persons, m.placed_households, m.shortfall]),
    ).toEqual([
      ['GM0001', '2026', '2', '2', '2', '0'],
      ['GM0002', '2026', '3', '3', '1', '0'],
      ['GM0003', '2026', '1', '1', '1', '0'],
    ]);
    for (const m of municipalities) expect(Number.isFinite(Number(m.shadow_price)) && m.shadow_price !== '').toBe(true);
    // Six persons for six places: every target binds, so prices are relative to the cheapest (Aa, the origin).
    expect(json.priceReference).toMatchObject({ code: 'GM0001' });
    expect(municipalities.map((m) => Number(m.relative_shadow_price))).toEqual([
      0,
      expect.closeTo(km(52.0, 52.1), 3),
      expect.closeTo(km(52.0, 52.3), 3),
    ]);
    expect(stdout).toContain('the prices are taken relative to the cheapest municipality, Aa (GM0001)');
    expect(
      csvRows(join(out, 'placement-provinces.csv')).map((p) => [p.province_code, p.target, p.placed_persons]),
    ).toEqual([
      ['PV01', '5', '5'],
      ['PV02', '1', '1'],
    ]);
    const subgroups = csvRows(join(out, 'placement-subgroups.csv'));
    const size3 = subgroups.find((s) => s.dimension === 'size' && s.group === '3')!;
    expect(Number(size3.mean_distance_km)).toBeCloseTo(km(52.0, 52.1), 3);
    expect(subgroups.find((s) => s.dimension === 'children' && s.group === 'with children')).toMatchObject({
      households: '1',
      persons: '3',
    });
  });

  it('keeps a household out of a municipality without a dwelling of its size, and explains the shortfall that leaves', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const housing = join(dir, 'housing.csv');
    writeFileSync(housing, 'code,size,units\nGM0002,3,0\nGM0002,1,5\n');
    const out = join(dir, 'out');
    const { code, stdout } = await runCli([...handArgs(f), '--targets', f.targets, '--housing', housing, '--out', out]);
    expect(code).toBe(0);
    const households = csvRows(join(out, 'placement-households.csv'));
    expect(households.find((h) => h.id === 'f1')!.municipality).not.toBe('GM0002');
    const json = JSON.parse(readFileSync(join(out, 'placement.json'), 'utf8'));
    expect(json.explanation.feasible).toBe(false);
    expect(json.explanation.short.reduce((s: number, m: { shortfall: number }) => s + m.shortfall, 0)).toBeGreaterThan(
      0,
    );
    expect(stdout).toMatch(/persons short in \d+ municipalit/);
    expect(csvRows(join(out, 'placement-housing.csv'))).toEqual([
      { code: 'GM0002', year: '2026', name: 'Bee', size: '1', units: '5', used: expect.any(String) },
      { code: 'GM0002', year: '2026', name: 'Bee', size: '3', units: '0', used: '0' },
    ]);
  });

  it('sends a household where its profile is in demand when --labour is given, at no extra distance', async () => {
    const dir = tempDir();
    // Two singles from Aa for one place in Bee and one in Cee: without labour demand either way costs the same.
    const f = handFiles(dir, 'id,persons,children,origin,profile\nt1,1,0,GM0001,technical\nc1,1,0,GM0001,care\n');
    writeFileSync(f.targets, 'code,target\nGM0002,1\nGM0003,1\n');
    const labour = join(dir, 'labour.csv');
    writeFileSync(labour, 'code,profile,score\nGM0003,care,5\nGM0002,technical,1\n');
    const { code, stdout } = await runCli([...handArgs(f), '--targets', f.targets, '--labour', labour, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(
      Object.fromEntries(json.households.map((h: { id: string; municipality: string }) => [h.id, h.municipality])),
    ).toEqual({ t1: 'GM0002', c1: 'GM0003' });
    expect(json.objective.matchScore).toBe(6);
    expect(json.settings.matchWeight).toBe(1);
    expect(json.notes).toContain(`1 municipality without a row in ${displayPath(f.targets)}: target 0`);
  });

  it('takes one half year of a long targets file with --target-period, as plan capacity writes housing-municipalities.csv', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const long = join(dir, 'housing-municipalities.csv');
    writeFileSync(
      long,
      'half_year,code,division_year,name,province,persons\n2026-H1,GM0001,2026,Aa,One,2\n2026-H1,GM0002,2026,Bee,One,3\n2026-H1,GM0003,2026,Cee,Two,1\n2026-H2,GM0001,2026,Aa,One,0\n2026-H2,GM0002,2026,Bee,One,0\n2026-H2,GM0003,2026,Cee,Two,6\n',
    );
    const first = await runCli([
      ...handArgs(f),
      '--targets',
      long,
      '--target-column',
      'persons',
      '--target-period',
      '2026-H1',
      '--json',
    ]);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(json.municipalities.map((m: { targetPersons: number }) => m.targetPersons)).toEqual([2, 3, 1]);
    expect(json.source.targets).toContain('(column persons, half_year 2026-H1)');
    const second = JSON.parse(
      (
        await runCli([
          ...handArgs(f),
          '--targets',
          long,
          '--target-column',
          'persons',
          '--target-period',
          '2026-H2',
          '--json',
        ])
      ).stdout,
    );
    expect(second.municipalities.map((m: { targetPersons: number }) => m.targetPersons)).toEqual([0, 0, 6]);
    const none = await runCli([
      ...handArgs(f),
      '--targets',
      long,
      '--target-column',
      'persons',
      '--target-period',
      '2027-H1',
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /housing-municipalities\.csv:1:1: half_year: no row has half_year 2027-H1 \(it has 2026-H1, 2026-H2\)/,
    );
    const alone = await runCli([...handArgs(f), '--period', '2026-H1', '--target-period', '2026-H1']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--target-period picks the rows of one half year from --targets/);
  });

  it('keeps households within --keep-near of their origin and names the distance cap where a target is out of reach', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const out = join(dir, 'out');
    const { code, stdout } = await runCli([...handArgs(f), '--targets', f.targets, '--keep-near', '15', '--out', out]);
    expect(code).toBe(0);
    const placed = csvRows(join(out, 'placement-households.csv'));
    expect(placed.every((h) => h.municipality !== 'GM0003' && Number(h.distance_km) <= 15)).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'placement.json'), 'utf8'));
    expect(json.settings.keepNearKm).toBe(15);
    expect(json.explanation.short).toEqual([
      expect.objectContaining({ code: 'GM0003', shortfall: 1, reasons: ['distance-cap'] }),
    ]);
    expect(csvRows(join(out, 'placement-municipalities.csv')).find((m) => m.code === 'GM0003')!.shortfall_reasons).toBe(
      'distance-cap',
    );
    expect(stdout).toMatch(/Cee \(GM0003\): 1 of 1 persons short/);
  });

  it('explains targets that cannot be met with fewer persons than places, and still exits 0', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    writeFileSync(f.targets, 'code,target\nGM0001,2\nGM0002,3\nGM0003,4\n');
    const { code, stdout } = await runCli([...handArgs(f), '--targets', f.targets]);
    expect(code).toBe(0);
    expect(stdout).toContain('against targets of 9 persons; 3 persons short in 1 municipality\n');
    expect(stdout).toMatch(/6 persons to place against targets adding up to 9: at least 3 persons short in total/);
    // Two municipalities short: with --top 1 the summary names the first and counts the other.
    writeFileSync(f.targets, 'code,target\nGM0001,2\nGM0002,5\nGM0003,4\n');
    const two = await runCli([...handArgs(f), '--targets', f.targets, '--top', '1']);
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/persons short in 2 municipalities/);
    expect(two.stdout).toContain('… and 1 more (--top shows more;');
  });

  it('places the example households over the 342 shipped municipalities against a computed housing target, with a map report', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const report = join(dir, 'placement.html');
    const households = join(repoRoot, 'examples/placement/households.csv');
    const { code, stdout, stderr } = await runCli([
      'allocate',
      'placement',
      '--households',
      households,
      '--period',
      '2026-H1',
      '--national',
      '2046',
      '--out',
      out,
      '--report',
      report,
      '--top',
      '3',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Dutch by default.
    expect(stdout.split('\n')[0]).toBe(
      'plaatsing: 1.000 huishoudens (2.046 personen) over 342 gemeenten (CBS-indeling 2026)',
    );
    const rows = csvRows(join(out, 'placement-municipalities.csv'));
    expect(rows).toHaveLength(342);
    expect(rows.reduce((s, r) => s + Number(r.target), 0)).toBe(2046);
    expect(rows.reduce((s, r) => s + Number(r.placed_persons), 0)).toBe(2046);
    const placed = csvRows(join(out, 'placement-households.csv'));
    expect(placed).toHaveLength(1000);
    expect(new Set(placed.map((h) => h.id)).size).toBe(1000);
    expect(placed.every((h) => /^GM\d{4}$/.test(h.municipality))).toBe(true);
    const json = JSON.parse(readFileSync(join(out, 'placement.json'), 'utf8'));
    expect(['optimal']).toContain(json.solve.status);
    expect(json.solve.gap).toBeLessThanOrEqual(0.001);
    expect(json.source.targets).toMatch(/^housing target 2026-H1: 2,046 persons pro rata population/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    // The report speaks the command's language: Dutch by default.
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('geplaatste personen');
    expect(html).toContain('Westerwolde');
    expect(html).not.toContain('hh-0001');
  }, 120_000);

  it('ships the example households its generator makes (1,000 households, seed 2026)', () => {
    expect(readFileSync(join(repoRoot, 'examples/placement/households.csv'), 'utf8')).toBe(exampleHouseholdsCsv(1000));
    expect(exampleHouseholdsCsv(5, 7)).toBe(exampleHouseholdsCsv(5, 7));
    expect(exampleHouseholdsCsv(5, 7)).not.toBe(exampleHouseholdsCsv(5, 8));
  });

  it('replaces the household ids by keyed pseudonyms with --pseudonymise, in every output', async () => {
    const dir = tempDir();
    const f = handFiles(
      dir,
      'id,persons,children,origin\nV-1234567890,3,1,GM0001\nV-2234567890,1,0,GM0001\nV-3234567890,1,0,GM0001\nV-4234567890,1,0,GM0001\n',
    );
    const key = join(dir, 'key');
    writeFileSync(key, '0123456789abcdef0123456789abcdef-placement\n', { mode: 0o600 });
    const out = join(dir, 'out');
    const { code, stdout } = await runCli([
      ...handArgs(f),
      '--targets',
      f.targets,
      '--pseudonymise',
      '--key-file',
      key,
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const ids = csvRows(join(out, 'placement-households.csv')).map((h) => h.id);
    expect(ids.every((id) => /^[a-z2-7]{20}$/.test(id))).toBe(true);
    for (const text of [stdout, ...readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8'))])
      expect(text).not.toMatch(/V-\d/);
    const again = await runCli([...handArgs(f), '--targets', f.targets, '--pseudonymise', '--key-file', key, '--json']);
    expect(JSON.parse(again.stdout).households.map((h: { id: string }) => h.id)).toEqual(ids);
  });

  it('with --pseudonymise quotes no value and no possibly-data header of any file in any message: a planted raw id appears nowhere', async () => {
    const dir = tempDir();
    const RAW = 'HH-RAW-0000';
    const key = join(dir, 'key');
    writeFileSync(key, '3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a\n', { mode: 0o600 });
    const f = handFiles(
      dir,
      `id,persons,children,origin,profile\n${RAW},3,1,GM0001,care\ns1,1,0,GM0001,care\ns2,1,0,GM0001,technical\ns3,1,0,GM0001,care\n`,
    );
    const labour = join(dir, 'labour.csv');
    writeFileSync(labour, 'code,profile,score\nGM0002,care,1\n');
    const out = join(dir, 'out');
    const report = join(dir, 'report.html');
    const pseudo = ['--pseudonymise', '--key-file', key];
    // A run that succeeds: the id is in no output, no file, no note (the unknown profile is counted, not named).
    const ok = await runCli([
      ...handArgs(f),
      '--targets',
      f.targets,
      '--labour',
      labour,
      ...pseudo,
      '--out',
      out,
      '--report',
      report,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 profile of the households file has no score in');
    expect(ok.stdout).not.toContain('technical');
    const texts = [
      ok.stdout,
      ok.stderr,
      readFileSync(report, 'utf8'),
      ...readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8')),
    ];

    // Files with mistakes: no header (the first row is data), swapped columns, a repeated id, and the households
    // file given where every other file is expected.
    const bad = join(dir, 'bad.csv');
    const runs: [string, string[]][] = [
      [`${RAW},3,1,GM0001\n${RAW}-2,1,0,GM0001\n`, []],
      [`${RAW},${RAW},${RAW},GM0001\nx,1,0,GM0001\n`, []],
      [`id,persons,children,origin\n3,${RAW},1,GM0001\n`, []],
      [`id,persons,children,origin\n${RAW},3,1,${RAW}\n${RAW},x${RAW},${RAW},GM0001\n`, []],
      [`id,persons,children,origin\n${RAW},3,1,GM0001\n`, ['--targets', 'HOUSEHOLDS']],
      [`id,persons,children,origin\n${RAW},3,1,GM0001\n`, ['--housing', 'HOUSEHOLDS']],
      [`id,persons,children,origin\n${RAW},3,1,GM0001\n`, ['--labour', 'HOUSEHOLDS']],
      [`id,persons,children,origin\n${RAW},3,1,GM0001\n`, ['--coordinates', 'HOUSEHOLDS']],
      [`${RAW},3,1,GM0001\n`, ['--municipalities', 'HOUSEHOLDS']],
      [`code,target,period\nGM0001,2,${RAW}\n`, ['--targets', 'HOUSEHOLDS', '--target-period', '2026-H1']],
      [`code,profile,score\nGM0001,${RAW},1\nGM0001,${RAW},2\n`, ['--labour', 'HOUSEHOLDS']],
      [`code,lat,lon\n${RAW},1,1\nGM0001,${RAW},1\nGM0002,1,${RAW}\n`, ['--coordinates', 'HOUSEHOLDS']],
    ];
    for (const [text, extra] of runs) {
      writeFileSync(bad, text);
      const households = extra.length > 0 ? f.households : bad;
      const args = [...handArgs({ ...f, households }), ...pseudo, ...extra.map((a) => (a === 'HOUSEHOLDS' ? bad : a))];
      if (!extra.includes('--targets')) args.push('--targets', f.targets);
      if (extra.includes('--municipalities')) args.splice(args.indexOf('--municipalities'), 2, '--municipalities', bad);
      const r = await runCli(args);
      expect(r.code, `${text} ${extra.join(' ')}`).toBe(2);
      expect(r.stderr).toMatch(/bad\.csv:\d+:\d+: /);
      texts.push(r.stdout, r.stderr);
    }
    for (const text of texts) expect(text).not.toContain(RAW);
  });

  it('reports every problem of the households file with its line and column, never repeating an id, and writes nothing', async () => {
    const dir = tempDir();
    const f = handFiles(
      dir,
      'id,persons,children,origin\nV-1,3,1,GM0001\nV-1,1,0,GM0001\nV-3,0,0,GM0001\nV-4,2,3,GM0001\nV-5,1,0,Bee\nV-6,1,0,1\n',
    );
    const out = join(dir, 'out');
    const { code, stderr } = await runCli([...handArgs(f), '--targets', f.targets, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/households\.csv:3:1: .*the id on this line is also on line 2/);
    expect(stderr).toMatch(/households\.csv:4:5: .*"0" is not a number of persons/);
    expect(stderr).toMatch(/households\.csv:5:7: .*3 children in a household of 2 persons/);
    expect(stderr).toMatch(/households\.csv:6:9: .*unknown municipality code "Bee".*did you mean GM0002 \(Bee\)\?/);
    expect(stderr).toMatch(/households\.csv:7:9: .*unknown municipality code "1".*did you mean GM0001 \(Aa\)\?/);
    expect(stderr).toContain('5 problems found; stopped before writing any result');
    expect(stderr).not.toMatch(/V-1(?!\d)/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses options that do not fit together, bad housing and coordinate files, with exit code 2', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const housing = join(dir, 'housing.csv');
    writeFileSync(housing, 'code,size,units\nGM0002,0,3\nGM0002,2,1.5\nGM0002,3,1\nGM0002,3,2\nGM0009,1,1\n');
    const labour = join(dir, 'labour.csv');
    writeFileSync(labour, 'code,profile,score\nGM0001,care,x\nGM0001,,1\n');
    const coordinates = join(dir, 'coords.csv');
    writeFileSync(coordinates, 'code,lat,lon\nGM0001,52,5\nGM0002,95,5\n');
    const bigScores = join(dir, 'big-scores.csv');
    writeFileSync(bigScores, 'code,profile,score\nGM0002,care,5000\n');
    writeFileSync(join(dir, 'huge-scores.csv'), 'code,profile,score\nGM0002,care,2e6\n');
    const cases: [string[], RegExp][] = [
      [[], /give the housing targets either as a file \(--targets targets\.csv\) or as the half year/],
      [['--targets', f.targets, '--period', '2026-H1'], /either as a file/],
      [['--targets', f.targets, '--national', '10'], /--national and --arrears go with --period/],
      [
        ['--targets', f.targets, '--match-weight', '2'],
        /--match-weight weighs the labour-market match of --labour; give --labour too/,
      ],
      [['--targets', f.targets, '--max-gap', '5'], /--max-gap bounds the gap between the subgroups of --fair-by/],
      [['--targets', f.targets, '--fair-by', 'age'], /--fair-by must be one of children, size, profile \(got "age"\)/],
      [['--targets', f.targets, '--mip-gap', '2'], /--mip-gap must be a fraction from 0 to 1/],
      [['--targets', f.targets, '--key-file', f.targets], /--key-file is given but nothing is pseudonymised/],
      [
        ['--targets', f.targets, '--housing', housing],
        /housing\.csv:2:8: .*"0" is not a household size[\s\S]*housing\.csv:3:10: .*"1\.5" is not a number of dwellings[\s\S]*housing\.csv:5:8: .*GM0002 size 3 is also on line 4[\s\S]*housing\.csv:6:1: .*unknown municipality code "GM0009"/,
      ],
      [
        ['--targets', f.targets, '--labour', labour],
        /labour\.csv:2:13: .*"x" is not a number[\s\S]*labour\.csv:3:8: .*the profile is empty/,
      ],
      [
        ['--targets', f.targets, '--distance-weight', '1e6'],
        /--distance-weight must be a number >= 0 and <= 1000 \(got "1e6"\)/,
      ],
      [['--targets', f.targets, '--overshoot', '1e9'], /--overshoot must be a whole number >= 0 and <= 1000/],
      [
        ['--targets', f.targets, '--labour', bigScores, '--match-weight', '1000'],
        /--match-weight 1000 × the largest match score in .*big-scores\.csv \(5,000\) is 5,000,000 per household, more than 1,000,000/,
      ],
      [
        ['--targets', f.targets, '--labour', bigScores.replace('big-scores', 'huge-scores')],
        /huge-scores\.csv:2:13: score: "2e6" is beyond ±1,000,000/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...handArgs(f), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const coords = await runCli([
      'allocate',
      'placement',
      '--municipalities',
      f.municipalities,
      '--division-year',
      '2026',
      '--coordinates',
      coordinates,
      '--households',
      f.households,
      '--targets',
      f.targets,
    ]);
    expect(coords.code).toBe(2);
    expect(coords.stderr).toMatch(/coords\.csv:3:8: .*"95" is not a latitude/);
    const none = await runCli([
      'allocate',
      'placement',
      '--municipalities',
      f.municipalities,
      '--division-year',
      '2024',
      '--households',
      f.households,
      '--targets',
      f.targets,
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /no coordinates for 3 of the 3 municipalities.*division 2026, not 2024.*give them with --coordinates/,
    );
  });

  it('keeps the mean distance of families and others within --max-gap with --fair-by children, and prices it', async () => {
    const dir = tempDir();
    const f = handFiles(dir);
    const { code, stdout } = await runCli([
      ...handArgs(f),
      '--targets',
      f.targets,
      '--fair-by',
      'children',
      '--max-gap',
      '50',
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.settings).toMatchObject({ fairBy: 'children', maxGapKm: 50 });
    expect(json.fairness.largestGapKm).toBeLessThanOrEqual(50 + 1e-6);
    expect(json.fairness.cost).toBeGreaterThanOrEqual(-1e-6);
    expect(json.subgroups.some((s: { dimension: string }) => s.dimension === 'fairness')).toBe(true);
  });
});
