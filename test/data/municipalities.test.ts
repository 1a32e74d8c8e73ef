// Reference data loading: the shipped municipality list with its division year, user lists and per-municipality
// value files, and every kind of mistake reported at its file:line:col with the fix (and a did-you-mean).
import { writeFileSync } from 'node:fs';
import { InputError } from '../../src/core/diagnostics.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHousingTargets, loadMunicipalities, loadMunicipalValues, SHIPPED_MUNICIPALITIES_FILE } from '../../src/data/municipalities.ts';
import { errorsOf, repoRoot, tempDir } from '../helpers.ts';

function file(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

const HEADER = 'cbs_code,name,province_code,province_name,population\n';

describe('loadMunicipalities', () => {
  it('reads the shipped 342 municipalities of CBS division 2026 with the population of 1 January 2024 (17,942,942 in all)', () => {
    const data = loadMunicipalities();
    expect(SHIPPED_MUNICIPALITIES_FILE).toBe(join(repoRoot, 'data', 'nl_municipalities.csv'));
    expect(data.year).toBe(2026);
    expect(data.populationDate).toBe('2024-01-01');
    expect(data.municipalities).toHaveLength(342);
    expect(data.municipalities.reduce((s, m) => s + m.population, 0)).toBe(17_942_942);
    expect(new Set(data.municipalities.map((m) => m.provinceCode)).size).toBe(12);
    expect(data.municipalities.find((m) => m.code === 'GM0363')).toEqual({ code: 'GM0363', name: 'Amsterdam', provinceCode: 'PV27', provinceName: 'Noord-Holland', population: 931298 });
    expect(data.municipalities.find((m) => m.code === 'GM0820')?.name).toBe('Nuenen, Gerwen en Nederwetten');
  });

  it('reads a list of its own with the division year it is given, and refuses it without one', () => {
    const path = file('m.csv', `# my list\n${HEADER}GM0001,Aa,PV01,One,10\n`);
    expect(loadMunicipalities(path, { year: 2025 })).toEqual({ year: 2025, file: path, municipalities: [{ code: 'GM0001', name: 'Aa', provinceCode: 'PV01', provinceName: 'One', population: 10 }] });
    expect(errorsOf(() => loadMunicipalities(path))).toEqual([`${path}:2:1: the year of the CBS division this file's codes belong to is not known; codes change with mergers, so say it (on the command line: --division-year, e.g. 2026)`]);
  });

  it('reports every bad row at its line and column: code, duplicate, province code and name, population', () => {
    const path = file(
      'm.csv',
      HEADER +
        'GM0001,Aa,PV01,One,10\n' +
        'GM01,Bee,PV01,One,10\n' +
        'GM0001,Cee,PV01,One,10\n' +
        'GM0004,Dee,P1,One,10\n' +
        'GM0005,Ee,PV01,Uno,10\n' +
        'GM0006,Ef,PV01,One,0\n' +
        'GM0007,"Gee, Aitch",PV01,One,1.5\n',
    );
    expect(errorsOf(() => loadMunicipalities(path, { year: 2026 }))).toEqual([
      `${path}:3:1: cbs_code: "GM01" is not a CBS municipality code; write GM and four digits, e.g. GM0363`,
      `${path}:4:1: cbs_code: GM0001 appears twice (also on line 2); give each municipality one row`,
      `${path}:5:12: province_code: "P1" is not a CBS province code; write PV and two digits, e.g. PV27`,
      `${path}:6:16: province_name: province PV01 is called "Uno" here but "One" on line 2; use one name per province`,
      `${path}:7:20: population: "0" is not a population; write a whole number of inhabitants > 0, without separators`,
      `${path}:8:30: population: "1.5" is not a population; write a whole number of inhabitants > 0, without separators`,
    ]);
  });

  it('names a missing column at the header line with a did-you-mean, and a missing file at its first line', () => {
    const path = file('m.csv', 'cbs_code,name,province,province_name,population\nGM0001,Aa,PV01,One,10\n');
    expect(errorsOf(() => loadMunicipalities(path, { year: 2026 }))).toEqual([`${path}:1:1: province_code: no column "province_code" (the header has "cbs_code", "name", "province", "province_name", "population"; read with separator ",")`]);
    const typo = file('t.csv', 'cbs_code,name,province_cod,province_name,population\n');
    expect(errorsOf(() => loadMunicipalities(typo, { year: 2026 }))[0]).toMatch(/no column "province_code"; did you mean "province_cod"\?/);
    expect(errorsOf(() => loadMunicipalities(join(tempDir(), 'none.csv'), { year: 2026 }))[0]).toMatch(/none\.csv:1:1: cannot read file: ENOENT/);
  });
});

describe('loadMunicipalValues', () => {
  const municipalities = loadMunicipalities();

  it('reads one number per municipality from code,value (or cbs_code), ignoring other columns', () => {
    const path = file('a.csv', '# arrears per municipality\ncode,arrears,note\nGM0363,12,x\nGM0014,-3,\n');
    expect(loadMunicipalValues(path, 'arrears', municipalities, { integer: true })).toEqual(new Map([['GM0363', 12], ['GM0014', -3]]));
    const shipped = loadMunicipalValues(join(repoRoot, 'data', 'nl_municipalities_spreidingswet_nov2025.csv'), 'verdeling', municipalities, { complete: true });
    expect(shipped.size).toBe(342);
  });

  it('reports an unknown code with its line and a did-you-mean: a name, a code without its zeros, a merged municipality', () => {
    const path = file('a.csv', 'code,arrears\nAmsterdm,1\n363,2\nGM0370,3\nGM0363,4\n');
    const errors = errorsOf(() => loadMunicipalValues(path, 'arrears', municipalities));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe(`${path}:2:1: code: unknown municipality code "Amsterdm": not one of the 342 municipalities of CBS division 2026 (data/nl_municipalities.csv); did you mean GM0363 (Amsterdam)?`);
    expect(errors[1]).toMatch(new RegExp(`^${path}:3:1: code: unknown municipality code "363": .*; did you mean GM0363 \\(Amsterdam\\)\\?$`));
    expect(errors[2]).toMatch(/:4:1: code: unknown municipality code "GM0370": .*codes change with mergers/);
  });

  it('reports duplicates, empty and non-numeric values, fractions where whole numbers are needed and values below the minimum', () => {
    const path = file('e.csv', 'cbs_code,places\nGM0363,1\nGM0363,2\nGM0014,\nGM0034,many\nGM0037,1.5\nGM0047,-1\n');
    expect(errorsOf(() => loadMunicipalValues(path, 'places', municipalities, { integer: true, min: 0 }))).toEqual([
      `${path}:3:1: cbs_code: GM0363 (Amsterdam) appears twice (also on line 2); give each municipality one row`,
      `${path}:4:8: places: no value for GM0014; write a number (0 if there is none) or leave the row out`,
      `${path}:5:8: places: "many" is not a number; write digits with a decimal point, e.g. 12.5`,
      `${path}:6:8: places: 1.5 is not a whole number`,
      `${path}:7:8: places: -1 is below 0, the least this column allows`,
    ]);
  });

  it('names a missing value column with the columns there are, and the municipalities without a value when all are needed', () => {
    const path = file('s.csv', 'code,ses\nGM0363,0.5\n');
    expect(errorsOf(() => loadMunicipalValues(path, 'ses_woa', municipalities))).toEqual([`${path}:1:1: ses_woa: no column "ses_woa" (the header has "code", "ses"; read with separator ",")`]);
    expect(errorsOf(() => loadMunicipalValues(path, 'ses', municipalities, { complete: true }))).toEqual([
      `${path}:1:1: ses: no ses for 341 of the 342 municipalities: GM0014 (Groningen), GM0034 (Almere), GM0037 (Stadskanaal), GM0047 (Veendam), GM0050 (Zeewolde), …; give every municipality a row`,
    ]);
  });
});

describe('CSV files as a Dutch desk sends them', () => {
  const municipalities = loadMunicipalities();

  /** Bytes as Excel's "CSV (gescheiden door lijstscheidingsteken)" saves them: Windows-1252, ";", CRLF. */
  function excelFile(name: string, lines: string[], bom = false): string {
    const path = join(tempDir(), name);
    const bytes = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    writeFileSync(path, bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes);
    return path;
  }

  it('reads code;naam;arrears in Windows-1252 with CRLF, the code column under any of its names', () => {
    const path = excelFile('achterstand.csv', ['code;naam;arrears', 'GM1900;Súdwest-Fryslân;12', 'GM0363;Amsterdam;-3']);
    expect(loadMunicipalValues(path, 'arrears', municipalities, { integer: true })).toEqual(new Map([['GM1900', 12], ['GM0363', -3]]));
    const gemeentecode = excelFile('g.csv', ['Gemeentecode;Naam;Arrears', 'GM1900;Súdwest-Fryslân;4']);
    expect(loadMunicipalValues(gemeentecode, 'arrears', municipalities)).toEqual(new Map([['GM1900', 4]]));
  });

  it('reads decimal commas in a ";" file with a byte-order mark, and says what to write for a thousands separator', () => {
    const path = excelFile('ses.csv', ['cbs_code;gemeente;ses_woa', 'GM1900;Súdwest-Fryslân;-0,125', 'GM0363;Amsterdam;0.5'], true);
    expect(loadMunicipalValues(path, 'ses_woa', municipalities)).toEqual(new Map([['GM1900', -0.125], ['GM0363', 0.5]]));
    const places = excelFile('places.csv', ['code;places', 'GM0363;1.234', 'GM0014;1.234,5', 'GM0034;veel']);
    expect(errorsOf(() => loadMunicipalValues(places, 'places', municipalities, { integer: true, min: 0 }))).toEqual([
      `${places}:2:8: places: 1.234 is not a whole number; if the point or comma separates thousands, write the number without it`,
      `${places}:3:8: places: "1.234,5" is not a number; write numbers without thousands separators (1234,5 or 1234.5, not 1.234,5)`,
      `${places}:4:8: places: "veel" is not a number; write digits with a decimal comma or point, e.g. 12,5`,
    ]);
  });

  it('reads a municipality list with code instead of cbs_code, separated by ";"', () => {
    const path = excelFile('m.csv', ['code;name;province_code;province_name;population', 'GM1900;Súdwest-Fryslân;PV21;Fryslân;90000']);
    expect(loadMunicipalities(path, { year: 2026 }).municipalities).toEqual([{ code: 'GM1900', name: 'Súdwest-Fryslân', provinceCode: 'PV21', provinceName: 'Fryslân', population: 90000 }]);
  });

  it('names the separator it read with when a column is missing', () => {
    const path = file('pipe.csv', 'code|arrears\nGM0363|1\n');
    expect(errorsOf(() => loadMunicipalValues(path, 'arrears', municipalities))).toEqual([
      `${path}:1:1: code: no column "code" (the header has "code|arrears"; read with separator ",")`,
      `${path}:1:1: arrears: no column "arrears" (the header has "code|arrears"; read with separator ",")`,
    ]);
  });

  it('stops at the size limit with a located error on an endless file such as /dev/zero', () => {
    const errors = errorsOf(() => loadMunicipalValues('/dev/zero', 'arrears', municipalities));
    expect(errors).toEqual(['/dev/zero:1:1: the file is larger than 256 MiB, the limit for a CSV input file; check that this is the right file, or split it']);
  });

  it('refuses numbers too large to add up exactly, and a maximum where the caller gives one', () => {
    const path = file('big.csv', 'code,places,score\nGM0363,1e300,1e300\nGM0014,20000001,2e12\n');
    expect(errorsOf(() => loadMunicipalValues(path, 'places', municipalities, { integer: true, min: 0, max: 10_000_000 }))).toEqual([
      `${path}:2:8: places: 1e300 is above 10,000,000, the most this column allows`,
      `${path}:3:8: places: 20000001 is above 10,000,000, the most this column allows`,
    ]);
    expect(errorsOf(() => loadMunicipalValues(path, 'score', municipalities))).toEqual([
      `${path}:2:14: score: 1e300 is beyond ±1e+12, more than any figure per municipality; check the column`,
      `${path}:3:17: score: 2e12 is beyond ±1e+12, more than any figure per municipality; check the column`,
    ]);
    expect(() => loadMunicipalValues(path, 'places', municipalities, { integer: true })).toThrow(InputError);
  });
});

describe('loadHousingTargets', () => {
  it('reads the shipped national half-yearly targets with the backlog where the source gives it', () => {
    const targets = loadHousingTargets();
    expect(targets.find((t) => t.period === '2023-H1')).toMatchObject({ national: 21200 });
    expect(targets.find((t) => t.period === '2023-H1')!.backlogCarriedIn).toBeUndefined();
    expect(targets.find((t) => t.period === '2016-H2')).toMatchObject({ national: 23000, backlogCarriedIn: 5283 });
  });
});
