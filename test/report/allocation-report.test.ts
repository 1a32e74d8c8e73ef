// The allocation report's HTML on the CBS 2026 boundaries (the shipped data/): the municipality map beside a table of
// every row, the sums per province (matched by code or name) as a map and a table with a total, escaped intro
// and headings, rows off the map named, and the extra sections in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/locale.ts';
import { type AllocationReportInput, allocationReportHtml } from '../../src/report/allocation-report.ts';
import { FORMAT } from '../../src/results/table.ts';
import { repoRoot, SCRIPTS_OR_FETCHES } from '../helpers.ts';

const shippedData = join(repoRoot, 'data');
const municipalities: unknown = JSON.parse(readFileSync(join(shippedData, 'nl_municipalities.topojson'), 'utf8'));
const provinces: unknown = JSON.parse(readFileSync(join(shippedData, 'nl_provinces.topojson'), 'utf8'));

/** Further figures of some areas, shown in declared columns after the value. */
const extra: Record<string, { target?: number; status?: string; note?: string }> = {
  GM0363: { target: 1500, status: 'short' },
  GM0014: { note: 'new site' },
};

function input(overrides: Partial<AllocationReportInput> = {}): AllocationReportInput {
  return {
    title: 'Places per municipality',
    intro: 'Target <2026> & beyond.\n\nSecond paragraph.',
    level: 'municipality',
    topology: municipalities,
    objectName: 'gemeente_2026',
    provinceTopology: provinces,
    value: { label: 'Places', unit: 'places' },
    rows: [
      { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland', value: 1200 },
      { code: 'GM0392', name: 'Haarlem', province: 'PV27', value: 300 },
      { code: 'GM0014', name: 'Groningen', province: 'Groningen', value: 450 },
    ],
    columns: [
      { key: 'target', label: text('doel', 'target'), format: FORMAT.count, value: (r) => extra[r.code]?.target },
      { key: 'status', label: text('status', 'status'), format: FORMAT.text, value: (r) => extra[r.code]?.status },
      { key: 'note', label: text('opmerking', 'note'), format: FORMAT.text, value: (r) => extra[r.code]?.note },
    ],
    extraSections: [{ heading: 'Method & sources', html: '<p>Made <em>by hand</em>.</p>' }],
    lang: 'en',
    ...overrides,
  };
}

/** The rows of the table with this caption, as text cells. */
function tableRows(html: string, caption: string): string[][] {
  const table = new RegExp(`<table><caption>${caption.replace(/[()]/g, '\\$&')}</caption>(.*?)</table>`).exec(html);
  if (!table) throw new Error(`no table "${caption}"`);
  return [...table[1].matchAll(/<tr>(.*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]),
  );
}

function pathTitle(html: string, code: string): string | undefined {
  return new RegExp(`data-code="${code}"[^>]*><title>([^<]*)</title>`).exec(html)?.[1];
}

describe('allocationReportHtml', () => {
  it('puts the municipality map beside a table with every row and its declared extra columns (– where none)', () => {
    const html = allocationReportHtml(input());
    expect(tableRows(html, 'Places per municipality')).toEqual([
      ['name', 'code', 'province', 'Places (places)', 'target', 'status', 'note'],
      ['Amsterdam', 'GM0363', 'Noord-Holland', '1,200', '1,500', 'short', '–'],
      ['Haarlem', 'GM0392', 'Noord-Holland', '300', '–', '–', '–'],
      ['Groningen', 'GM0014', 'Groningen', '450', '–', '–', 'new site'],
    ]);
    expect(html).toMatch(
      /<div class="pair"><figure><svg role="img"[^>]*><title id="t-places-per-municipality">Places per municipality<\/title>.*?<\/figure><table><caption>Places per municipality<\/caption>/s,
    );
    expect(pathTitle(html, 'GM0363')).toBe('Amsterdam: 1,200 places');
    expect(pathTitle(html, 'GM0344')).toBe('Utrecht: no value');
    expect((html.match(/<path /g) ?? []).length).toBe(342 + 12);
  });

  it('sums the rows per province, matching provinces by code or by name, with a map, a table and a total', () => {
    const html = allocationReportHtml(input());
    expect(tableRows(html, 'Places per province (sum over its municipalities)')).toEqual([
      ['province', 'code', 'municipalities', 'Places (places)'],
      ['Groningen', 'PV20', '1', '450'],
      ['Noord-Holland', 'PV27', '2', '1,500'],
      ['total', '', '3', '1,950'],
    ]);
    expect(pathTitle(html, 'PV27')).toBe('Noord-Holland: 1,500 places');
    expect(pathTitle(html, 'PV26')).toBe('Utrecht: no value');
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Places per municipality',
      'Places per province',
      'Method &amp; sources',
    ]);
    expect(html.match(/<figure>/g)).toHaveLength(2);
  });

  it('escapes the intro into paragraphs and keeps the extra sections as given', () => {
    const html = allocationReportHtml(input());
    expect(html).toContain('<p>Target &lt;2026&gt; &amp; beyond.</p>\n<p>Second paragraph.</p>');
    expect(html).toContain('<section><h2>Method &amp; sources</h2><p>Made <em>by hand</em>.</p></section>');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
  });

  it('names rows that are not on the map and provinces it cannot match', () => {
    const html = allocationReportHtml(
      input({ rows: [...input().rows, { code: 'GM9999', name: 'Nowhere', province: 'Atlantis', value: 5 }] }),
    );
    expect(html).toContain('<p>1 municipality has no shape on the map and is only in the table: GM9999.</p>');
    expect(html).toContain('<p>1 province has no shape on the map and is only in the table: Atlantis.</p>');
    expect(tableRows(html, 'Places per province (sum over its municipalities)')).toContainEqual([
      'Atlantis',
      '',
      '1',
      '5',
    ]);
  });

  it('gives the province table without a map (provinces as spelled) when no province topology is passed, and no second section at province level', () => {
    const noTopology = allocationReportHtml(input({ provinceTopology: undefined }));
    expect(noTopology.match(/<figure>/g)).toHaveLength(1);
    // Without the province map a province is known only as the rows spell it.
    expect(tableRows(noTopology, 'Places per province (sum over its municipalities)')).toEqual([
      ['province', 'code', 'municipalities', 'Places (places)'],
      ['Groningen', '', '1', '450'],
      ['Noord-Holland', '', '1', '1,200'],
      ['PV27', '', '1', '300'],
      ['total', '', '3', '1,950'],
    ]);
    const provinceLevel = allocationReportHtml(
      input({
        level: 'province',
        topology: provinces,
        objectName: 'provincie_2026',
        rows: [{ code: 'PV27', name: 'Noord-Holland', value: 7.5 }],
        columns: undefined,
        extraSections: [],
      }),
    );
    expect([...provinceLevel.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['Places per province']);
    expect(tableRows(provinceLevel, 'Places per province')).toEqual([
      ['name', 'code', 'Places (places)'],
      ['Noord-Holland', 'PV27', '7.50'],
    ]);
    expect(pathTitle(provinceLevel, 'PV27')).toBe('Noord-Holland: 7.50 places');
  });

  it('is Dutch by default: lang="nl", a summary of the totals before the tables, Dutch numbers and words', () => {
    const html = allocationReportHtml(input({ lang: undefined }));
    expect(html).toContain('<html lang="nl">');
    const summary = /<section class="summary"[^>]*>(.*?)<\/section>/s.exec(html)![1];
    expect(summary).toContain('Totaal: <strong>1.950 places</strong> over 3 gemeenten.');
    expect(summary).toContain('Meeste: Amsterdam (1.200); minste: Haarlem (300).');
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('<table>'));
    expect(tableRows(html, 'Places per gemeente')[0]).toEqual([
      'naam',
      'code',
      'provincie',
      'Places (places)',
      'doel',
      'status',
      'opmerking',
    ]);
    expect(tableRows(html, 'Places per gemeente')[1]).toEqual([
      'Amsterdam',
      'GM0363',
      'Noord-Holland',
      '1.200',
      '1.500',
      'short',
      '–',
    ]);
    expect(pathTitle(html, 'GM0344')).toBe('Utrecht: geen waarde');
    const offMap = allocationReportHtml(
      input({ lang: 'nl', rows: [...input().rows, { code: 'GM9999', name: 'Nergens', value: 5 }] }),
    );
    expect(offMap).toContain('<p>1 gemeente heeft geen vorm op de kaart en staat alleen in de tabel: GM9999.</p>');
    expect(tableRows(offMap, 'Places per provincie (som over haar gemeenten)').at(-1)).toEqual([
      'totaal',
      '',
      '4',
      '1.955',
    ]);
  });

  it('escapes hostile names and labels everywhere they appear', () => {
    const evil = '<script>alert("x")</script>';
    const html = allocationReportHtml(
      input({
        title: evil,
        value: { label: evil, unit: '"><img>' },
        rows: [{ code: 'GM0363', name: evil, province: evil, value: 1 }],
        extraSections: [],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img>');
  });
});
