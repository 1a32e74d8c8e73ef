// `doorstroom allocate taakstelling|key` as a user meets it: the summary, tidy CSV and JSON whose figures add up,
// bad input answered with a located message and exit code 2 with nothing written, and the hook through which
// further subcommands join `allocate`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAllocate } from '../../src/cli/allocate.ts';
import { parseCsv } from '../../src/core/csv.ts';
import { runCli, tempDir } from '../helpers.ts';

/** A written CSV file as rows of named fields, read with the project's own strict reader. */
function csvRows(path: string): Record<string, string>[] {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row.fields[i]])));
}

const sumOf = (rows: Record<string, string>[], column: string): number =>
  rows.reduce((s, r) => s + Number(r[column]), 0);

/** The hand case of test/plan/distribution-key.test.ts as files: Aa 60 and Bee 40 in One, Cee 100 in Two. */
function handFiles(dir: string): { municipalities: string; scores: string; existing: string } {
  const municipalities = join(dir, 'municipalities.csv');
  writeFileSync(
    municipalities,
    'cbs_code,name,province_code,province_name,population\nGM0001,Aa,PV01,One,60\nGM0002,Bee,PV01,One,40\nGM0003,Cee,PV02,Two,100\n',
  );
  const scores = join(dir, 'scores.csv');
  writeFileSync(scores, 'code,ses_woa\nGM0001,2\nGM0002,0\nGM0003,1\n');
  const existing = join(dir, 'existing.csv');
  writeFileSync(existing, 'code,places,col\nGM0001,12,0\nGM0002,1,0\nGM0003,4,4\n');
  return { municipalities, scores, existing };
}

describe('doorstroom allocate taakstelling', () => {
  it('prints the national total, provinces and largest municipalities, and writes CSV per municipality and province and JSON that add up to 21,200', async () => {
    const out = join(tempDir(), 'out');
    const { code, stdout, stderr } = await runCli([
      'allocate',
      'taakstelling',
      '--national',
      '21200',
      '--period',
      '2023-H1',
      '--out',
      out,
      '--top',
      '3',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Dutch by default: thousands with a dot, decimals with a comma.
    expect(stdout.split('\n')[0]).toBe(
      'taakstelling 2023-H1: 21.200 vergunninghouders over 342 gemeenten (CBS-indeling 2026)',
    );
    expect(stdout).toMatch(/^alle +342 +17,9 mln +100,00% +21\.200 +0 +21\.200$/m);
    expect(stdout).toMatch(/^Amsterdam +GM0363 +Noord-Holland +931\.298 +1\.100,35 +1\.100 +0 +1\.100$/m);
    expect(readdirSync(out).sort()).toEqual([
      '.doorstroom',
      'taakstelling-municipalities.csv',
      'taakstelling-provinces.csv',
      'taakstelling.json',
    ]);
    const rows = csvRows(join(out, 'taakstelling-municipalities.csv'));
    expect(Object.keys(rows[0])).toEqual([
      'code',
      'year',
      'name',
      'province_code',
      'province_name',
      'period',
      'population',
      'population_share',
      'quota',
      'target',
      'arrears',
      'total',
    ]);
    expect(rows).toHaveLength(342);
    expect(sumOf(rows, 'target')).toBe(21200);
    expect(rows.find((r) => r.code === 'GM0363')).toMatchObject({
      year: '2026',
      name: 'Amsterdam',
      province_code: 'PV27',
      period: '2023-H1',
      target: '1100',
      total: '1100',
    });
    expect(rows.find((r) => r.code === 'GM0820')?.name).toBe('Nuenen, Gerwen en Nederwetten');
    expect(sumOf(csvRows(join(out, 'taakstelling-provinces.csv')), 'target')).toBe(21200);
    const json = JSON.parse(readFileSync(join(out, 'taakstelling.json'), 'utf8'));
    expect(json).toMatchObject({
      command: 'allocate taakstelling',
      period: '2023-H1',
      year: 2026,
      national: 21200,
      totals: { target: 21200, arrears: 0, total: 21200 },
    });
    expect(json.rows).toHaveLength(342);
  });

  it('takes the national number of the period from the shipped targets when --national is left out, and adds arrears from a file', async () => {
    const dir = tempDir();
    const arrears = join(dir, 'arrears.csv');
    writeFileSync(arrears, '# shortfall at the end of 2022-H2\ncode,arrears\nGM0363,40\nGM0014,-10\n');
    const { code, stdout } = await runCli([
      'allocate',
      'taakstelling',
      '--period',
      '2023-H1',
      '--arrears',
      arrears,
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.national).toBe(21200);
    expect(json.source.national).toMatch(/^data\/nl_housing_target_halfyear\.csv:\d+ \(rijksoverheid\.nl/);
    expect(json.totals).toEqual({ target: 21200, arrears: 30, total: 21230 });
    expect(json.rows.find((r: { code: string }) => r.code === 'GM0014')).toMatchObject({
      arrears: -10,
      total: json.rows.find((r: { code: string }) => r.code === 'GM0014').target - 10,
    });
  });

  it('refuses a bad period, a negative national number, a period without a known target, --division-year alone, with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--period', '2023-3', '--national', '5'],
        /--period must be a half year YYYY-H1 or YYYY-H2, e.g. 2023-H1 \(got "2023-3"\)/,
      ],
      [
        ['--period', '2023-H1', '--national', '-5'],
        /--national must be a whole number >= 0 and <= 10000000 \(got "-5"\)/,
      ],
      [
        ['--period', '2024-H2'],
        /no national target for 2024-H2 in data\/nl_housing_target_halfyear\.csv \(it has 2016-H2, .*2023-H1\); give it with --national/,
      ],
      [['--period', '2023-H1', '--division-year', '2024'], /--division-year goes with --municipalities/],
      [
        ['--period', '2023-H1', '--national', '1e9'],
        /--national must be a whole number >= 0 and <= 10000000 \(got "1e9"\)/,
      ],
      [['--period', '2023-H1', '--national', '3000000000'], /--national must be a whole number >= 0 and <= 10000000/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['allocate', 'taakstelling', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('stops at an unknown code or a missing column of the arrears file with its line, and writes nothing', async () => {
    const dir = tempDir();
    const arrears = join(dir, 'arrears.csv');
    writeFileSync(arrears, 'code,arrears\nGM0363,4\nGM0370,2\n');
    const out = join(dir, 'out');
    const unknown = await runCli([
      'allocate',
      'taakstelling',
      '--period',
      '2023-H1',
      '--national',
      '100',
      '--arrears',
      arrears,
      '--out',
      out,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${arrears}:3:1: code: unknown municipality code "GM0370"`);
    expect(existsSync(out)).toBe(false);
    const column = await runCli([
      'allocate',
      'taakstelling',
      '--period',
      '2023-H1',
      '--national',
      '100',
      '--arrears',
      arrears,
      '--arrears-column',
      'backlog',
      '--out',
      out,
    ]);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain(
      `${arrears}:1:1: backlog: no column "backlog" (the header has "code", "arrears"; read with separator ",")`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('doorstroom allocate key', () => {
  it('distributes 96,000 places by population only, says so, and writes files that add up per province and nationally', async () => {
    const out = join(tempDir(), 'out');
    const { code, stdout, stderr } = await runCli([
      'allocate',
      'key',
      '--places',
      '96000',
      '--out',
      out,
      '--lang',
      'en',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      'distribution key: 96,000 reception places over 12 provinces and 342 municipalities (CBS division 2026)',
    );
    expect(stdout).toContain('note: population only: no welfare score was given');
    expect(readdirSync(out).sort()).toEqual(['.doorstroom', 'key-municipalities.csv', 'key-provinces.csv', 'key.json']);
    const rows = csvRows(join(out, 'key-municipalities.csv'));
    const provinces = csvRows(join(out, 'key-provinces.csv'));
    expect(sumOf(rows, 'places')).toBe(96000);
    expect(sumOf(provinces, 'places')).toBe(96000);
    for (const p of provinces)
      expect(
        sumOf(
          rows.filter((r) => r.province_code === p.province_code),
          'places',
        ),
      ).toBe(Number(p.places));
  });

  it('corrects by a score file, credits existing places (large locations 1.5×) and reproduces the hand-computed key', async () => {
    const dir = tempDir();
    const files = handFiles(dir);
    const out = join(dir, 'out');
    const args = [
      'allocate',
      'key',
      '--places',
      '20',
      '--municipalities',
      files.municipalities,
      '--division-year',
      '2026',
      '--scores',
      files.scores,
      '--weight',
      '0.35',
      '--clip',
      '2',
    ];
    const { code, stderr } = await runCli([
      ...args,
      '--existing',
      files.existing,
      '--large-column',
      'col',
      '--large-factor',
      '1.5',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = csvRows(join(out, 'key-municipalities.csv'));
    expect(rows.map((r) => [r.code, r.factor, r.places, r.credit, r.remaining, r.surplus])).toEqual([
      ['GM0001', '1.45', '9', '12', '0', '3'],
      ['GM0002', '0.45', '2', '1', '1', '0'],
      ['GM0003', '0.95', '9', '6', '3', '0'],
    ]);
    expect(csvRows(join(out, 'key-provinces.csv')).map((p) => [p.province_code, p.places, p.remaining])).toEqual([
      ['PV01', '11', '1'],
      ['PV02', '9', '3'],
    ]);
    const json = JSON.parse(readFileSync(join(out, 'key.json'), 'utf8'));
    expect(json).toMatchObject({
      command: 'allocate key',
      scoreWeight: 0.35,
      clip: 2,
      largeLocationFactor: 1.5,
      scoreName: 'ses_woa',
      totals: { places: 20, credit: 19, remaining: 4, surplus: 3 },
    });
  });

  it('refuses options that need another, a weight that would zero a municipality, an incomplete score file and large locations above the existing places, with exit code 2', async () => {
    const dir = tempDir();
    const files = handFiles(dir);
    const partial = join(dir, 'partial.csv');
    writeFileSync(partial, 'code,ses_woa\nGM0001,2\n');
    const badLarge = join(dir, 'bad-large.csv');
    writeFileSync(badLarge, 'code,places,col\nGM0001,1,2\n');
    const own = ['--municipalities', files.municipalities, '--division-year', '2026'];
    const cases: [string[], RegExp][] = [
      [
        ['--places', '10', '--weight', '0.3'],
        /--weight and --clip correct the welfare score of --scores; give --scores too/,
      ],
      [['--places', '10', '--large-column', 'col'], /--large-column names a column of --existing; give --existing too/],
      [['--places', '-1'], /--places must be a whole number >= 0 and <= 10000000/],
      [
        ['--places', '10', ...own, '--scores', files.scores, '--weight', '0.5', '--clip', '2'],
        /--weight 0\.5 × --clip 2 = 1; it must stay below 1/,
      ],
      [
        ['--places', '10', ...own, '--scores', files.scores, '--clip', '0.5', '--weight', '2'],
        /--weight must be a number >= 0 and <= 1 \(got "2"\)/,
      ],
      [
        ['--places', '10', ...own, '--scores', files.scores, '--clip', '0'],
        /--clip must be a number > 0 and <= 1000 \(got "0"\)/,
      ],
      [
        ['--places', '10', ...own, '--existing', files.existing, '--large-column', 'col', '--large-factor', '1e308'],
        /--large-factor must be a number >= 0 and <= 100/,
      ],
      [
        ['--places', '10', ...own, '--scores', partial],
        new RegExp(
          `${partial.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:1: ses_woa: no ses_woa for 2 of the 3 municipalities: GM0002 \\(Bee\\), GM0003 \\(Cee\\)`,
        ),
      ],
      [
        ['--places', '10', ...own, '--existing', badLarge, '--large-column', 'col'],
        /GM0001 has 2 places in large locations \(column col\) but 1 existing places \(column places\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['allocate', 'key', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('allocate result folders and input files', () => {
  it('writes --out as a folder of its own, replaced whole by the next run, and refuses a folder with files it did not write', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(
      (await runCli(['allocate', 'taakstelling', '--national', '100', '--period', '2023-H1', '--out', out, '--quiet']))
        .code,
    ).toBe(0);
    expect((await runCli(['allocate', 'key', '--places', '100', '--out', out, '--quiet'])).code).toBe(0);
    // The key replaced the housing target as a whole: none of its files is left.
    expect(readdirSync(out).sort()).toEqual(['.doorstroom', 'key-municipalities.csv', 'key-provinces.csv', 'key.json']);
    expect(readdirSync(dir)).toEqual(['out']);

    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep');
    const foreign = await runCli(['allocate', 'key', '--places', '100', '--out', mine]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toBe(
      `doorstroom: cannot write the result folder ${mine}: it holds files doorstroom did not write (notes.txt); doorstroom replaces its result folder as a whole, so give a new or empty folder\n`,
    );
    expect(readdirSync(mine)).toEqual(['notes.txt']);
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    const notFolder = await runCli([
      'allocate',
      'taakstelling',
      '--national',
      '1',
      '--period',
      '2023-H1',
      '--out',
      file,
    ]);
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr).toMatch(/cannot write the result folder .*file\.txt: it is a file/);
    const inside = await runCli([
      'allocate',
      'taakstelling',
      '--national',
      '1',
      '--period',
      '2023-H1',
      '--out',
      out,
      '--report',
      join(out, 'map.html'),
    ]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/--report .*map\.html lies inside --out/);
  });

  it('names the path when the result folder cannot be written, with exit code 2 and no stack', async () => {
    const dir = tempDir();
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    // A folder below a file cannot be made, whoever runs the test.
    const r = await runCli([
      'allocate',
      'taakstelling',
      '--national',
      '1',
      '--period',
      '2023-H1',
      '--out',
      join(file, 'out'),
      '--quiet',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^doorstroom: cannot write ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/out: a part of this path is a file, not a folder \\(ENOTDIR\\)\\n$`,
      ),
    );
  });

  it('reads arrears as Dutch Excel saves them (Windows-1252, ";", CRLF, byte-order mark) and a score file with decimal commas', async () => {
    const dir = tempDir();
    const arrears = join(dir, 'achterstand.csv');
    writeFileSync(
      arrears,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('code;naam;arrears\r\nGM1900;Súdwest-Fryslân;7\r\nGM0363;Amsterdam;-2\r\n', 'latin1'),
      ]),
    );
    const r = await runCli([
      'allocate',
      'taakstelling',
      '--national',
      '1000',
      '--period',
      '2023-H1',
      '--arrears',
      arrears,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.totals.arrears).toBe(5);
    expect(json.rows.find((row: { code: string }) => row.code === 'GM1900')).toMatchObject({
      name: 'Súdwest-Fryslân',
      arrears: 7,
    });

    const files = handFiles(dir);
    const scores = join(dir, 'ses.csv');
    writeFileSync(scores, 'gemeentecode;ses_woa\r\nGM0001;2,0\r\nGM0002;0\r\nGM0003;1,0\r\n');
    const own = [
      '--municipalities',
      files.municipalities,
      '--division-year',
      '2026',
      '--places',
      '20',
      '--weight',
      '0.35',
      '--clip',
      '2',
      '--json',
    ];
    const comma = JSON.parse((await runCli(['allocate', 'key', ...own, '--scores', files.scores])).stdout);
    const semicolon = JSON.parse((await runCli(['allocate', 'key', ...own, '--scores', scores])).stdout);
    expect(semicolon.rows.map((row: { places: number }) => row.places)).toEqual(
      comma.rows.map((row: { places: number }) => row.places),
    );
    // --delimiter overrides the header: read with "," the ";" file has one column, and the message says so.
    const forced = await runCli(['allocate', 'key', ...own, '--scores', scores, '--delimiter', ',']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain(
      `${scores}:2:10: expected 1 field (gemeentecode;ses_woa) as in the header on line 1, found 2; a value that contains "," must be in double quotes (read with separator ",", as asked for)`,
    );
  });
});

describe('registerAllocate', () => {
  it("adds further subcommands after taakstelling and key, and they inherit the program's exit override", () => {
    const program = new Command('doorstroom').exitOverride().configureOutput({ writeErr: () => {} });
    let ran = '';
    const allocate = registerAllocate(program, [
      (a) =>
        void a
          .command('placement')
          .requiredOption('--households <file>')
          .action((o: { households: string }) => {
            ran = o.households;
          }),
    ]);
    expect(allocate.commands.map((c) => c.name())).toEqual(['taakstelling', 'key', 'placement']);
    program.parse(['node', 'doorstroom', 'allocate', 'placement', '--households', 'h.csv']);
    expect(ran).toBe('h.csv');
    expect(() => program.parse(['node', 'doorstroom', 'allocate', 'placement'])).toThrow(
      /required option '--households <file>' not specified/,
    );
  });
});

describe('allocation reports', () => {
  it('draw the housing target and the key as maps of the 342 municipalities and 12 provinces with their tables', async () => {
    const dir = tempDir();
    // Dutch by default (numbers, units, the map's source line), English with --lang en.
    for (const [args, lang, value, source] of [
      [['taakstelling', '--period', '2023-H1'], 'nl', 'Amsterdam: 1.100 personen', 'indeling 2026'],
      [['key', '--places', '96000'], 'nl', 'Amsterdam: 4.983 plaatsen', 'indeling 2026'],
      [['taakstelling', '--period', '2023-H1'], 'en', 'Amsterdam: 1,100 persons', 'division 2026'],
      [['key', '--places', '96000'], 'en', 'Amsterdam: 4,983 places', 'division 2026'],
    ] as const) {
      const report = join(dir, `${args[0]}-${lang}.html`);
      const r = await runCli(['allocate', ...args, '--report', report, '--lang', lang, '-q']);
      expect(r.code, r.stderr).toBe(0);
      const html = readFileSync(report, 'utf8');
      expect(html).not.toMatch(/<script|(src|href)="https?:/);
      expect(html).toContain(`<html lang="${lang}">`);
      expect((html.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(342 + 12);
      expect(html).toContain(value);
      expect(html).toContain(`CBS/PDOK Gebiedsindelingen, ${source}`);
    }
  });
});
