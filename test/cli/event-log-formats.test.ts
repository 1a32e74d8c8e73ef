// Logs of other process-mining tools through the command line: a gzip-compressed XES with local times and
// standard lifecycle transitions (the time zone printed, --timezone and a mapping file applied), OCEL 2.0 without
// "case" qualifiers (--case-type), OCEL 1.0 refused, years out of range rejected by the monitor instead of
// exhausting memory, and what the XES writer says about identifiers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.ts';
import { withPseudonymKey } from '../log/events.ts';

const KEY = '0123456789abcdef0123456789abcdef-test';

function xesEvent(activity: string, transition: string, time: string): string {
  return `<event><string key="concept:name" value="${activity}"/><string key="lifecycle:transition" value="${transition}"/><date key="time:timestamp" value="${time}"/></event>`;
}

/** Two cases of a BPIC-like log with times without an offset; V-numbers as case ids. */
const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <trace><string key="concept:name" value="V1234567890"/>
    ${xesEvent('intake', 'schedule', '2025-01-06T09:00:00.000')}
    ${xesEvent('intake', 'assign', '2025-01-06T10:00:00.000')}
    ${xesEvent('intake', 'start', '2025-01-08T09:00:00.000')}
    ${xesEvent('intake', 'suspend', '2025-01-08T12:00:00.000')}
    ${xesEvent('intake', 'resume', '2025-01-09T09:00:00.000')}
    ${xesEvent('intake', 'complete', '2025-01-10T09:00:00.000')}
  </trace>
  <trace><string key="concept:name" value="V2345678901"/>
    ${xesEvent('intake', 'schedule', '2025-07-01T09:00:00')}
    ${xesEvent('intake', 'In Behandeling', '2025-07-02T09:00:00')}
    ${xesEvent('intake', 'complete', '2025-07-03T09:00:00')}
  </trace>
</log>
`;

describe('doorstroom import of other tools’ logs', () => {
  it('reads a .xes.gz with local times in Europe/Amsterdam, prints the zone, and --timezone and a mapping file change the reading', async () => {
    const dir = tempDir();
    const gz = join(dir, 'log.xes.gz');
    writeFileSync(gz, gzipSync(XES));
    const out = join(dir, 'events.csv');
    const first = await runCli(['import', gz, '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^accepted +8 /m);
    expect(first.stdout).toMatch(/^rejected +1 /m);
    expect(first.stdout).toMatch(
      /^time zone +Europe\/Amsterdam +\(of timestamps without a UTC offset; --timezone to change\)$/m,
    );
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(',intake,schedule,2025-01-06T09:00:00+01:00,');
    expect(csv).toContain(',intake,start,2025-01-08T12:00:00+01:00,'); // suspend: still in service
    expect(csv).toContain(',intake,schedule,2025-07-01T09:00:00+02:00,');
    expect(readFileSync(join(dir, 'events.rejects.csv'), 'utf8')).toMatch(
      /lifecycle:transition 'In Behandeling' is not a transition of the XES standard lifecycle model/,
    );

    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, 'lifecycles:\n  In Behandeling: start\n');
    const second = await runCli(['import', gz, '--out', out, '--mapping', mapping, '--timezone', 'UTC']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^accepted +9 /m);
    expect(second.stdout).toMatch(/^time zone +UTC /m);
    expect(readFileSync(out, 'utf8')).toContain(',intake,start,2025-07-02T09:00:00Z,');
    expect(existsSync(join(dir, 'events.rejects.csv'))).toBe(false);

    const bad = await runCli(['import', gz, '--out', out, '--timezone', 'CEST']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^doorstroom: --timezone "CEST" is not a time zone of the IANA database/);
    const gzOut = await runCli(['import', gz, '--out', join(dir, 'again.xes.gz')]);
    expect(gzOut.code).toBe(2);
    expect(gzOut.stderr).toMatch(/doorstroom writes logs uncompressed; leave out \.gz/);
  });

  it('says in the XES it writes whether the identifiers were pseudonymised, and no V-number reaches it when they were', async () => {
    const dir = tempDir();
    const xes = join(dir, 'log.xes');
    writeFileSync(xes, XES);
    const plain = join(dir, 'plain.xes');
    expect((await runCli(['import', xes, '--out', plain, '-q'])).code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toContain(
      '<!-- Written by doorstroom. Identifiers are as they were read: doorstroom did not pseudonymise them. -->',
    );
    const pseudo = join(dir, 'pseudo.xes');
    const run = await withPseudonymKey(KEY, () => runCli(['import', xes, '--out', pseudo, '--pseudonymise']));
    expect(run.code).toBe(0);
    const text = readFileSync(pseudo, 'utf8');
    expect(text).toContain(
      '<!-- Written by doorstroom. Keyed pseudonyms (doorstroom import): case ids, event ids, person ids. -->',
    );
    expect(text).not.toMatch(/V\d{10}/);
    // While pseudonymising, a reject names the attribute, not its value.
    expect(readFileSync(`${pseudo}.rejects.csv`, 'utf8')).not.toContain('In Behandeling');
  });

  it('reads OCEL 2.0 without "case" qualifiers with --case-type, and explains what to do without it; refuses OCEL 1.0', async () => {
    const dir = tempDir();
    const ocel = join(dir, 'orders.jsonocel');
    writeFileSync(
      ocel,
      JSON.stringify({
        objectTypes: [
          { name: 'order', attributes: [] },
          { name: 'item', attributes: [] },
        ],
        eventTypes: [],
        objects: [
          { id: 'o1', type: 'order' },
          { id: 'i1', type: 'item' },
        ],
        events: [
          {
            id: 'e1',
            type: 'place order',
            time: '2022-01-09T14:00:00',
            relationships: [
              { objectId: 'o1', qualifier: 'placed' },
              { objectId: 'i1', qualifier: 'contains' },
            ],
          },
          {
            id: 'e2',
            type: 'pick item',
            time: '2022-01-10T14:00:00',
            relationships: [{ objectId: 'i1', qualifier: 'picked' }],
          },
        ],
      }),
    );
    const out = join(dir, 'events.csv');
    const without = await runCli(['import', ocel, '--out', out]);
    expect(without.code).toBe(2);
    expect(without.stderr.split('\n')[0]).toBe(
      `${ocel}:1:1: no event relates to a case object: no relationship has the qualifier "case" and no object has the type application, as in logs of other tools; the object types are "order" (1 object), "item" (1 object). Name the type whose objects are the cases with --case-type <type>; every event related to an object of that type becomes an event of that object's case`,
    );
    expect(existsSync(out)).toBe(false);
    const withType = await runCli(['import', ocel, '--out', out, '--case-type', 'order']);
    expect(withType.stderr).toBe('');
    expect(withType.code).toBe(0);
    expect(withType.stdout).toMatch(/^accepted +1 /m);
    expect(readFileSync(out, 'utf8')).toContain('e1,o1,o1,place order,complete,2022-01-09T14:00:00+01:00');

    const v1 = join(dir, 'v1.jsonocel');
    writeFileSync(
      v1,
      JSON.stringify({ 'ocel:global-log': { 'ocel:version': '1.0' }, 'ocel:events': {}, 'ocel:objects': {} }),
    );
    const old = await runCli(['import', v1, '--out', out]);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(
      /this is an OCEL 1\.0 log \(it has "ocel:global-log"\), which is not supported; .*pm4py\.write_ocel2_json/,
    );
  });
});

describe('doorstroom monitor on other tools’ logs', () => {
  it('rejects timestamps of year 1 and 9999 instead of spanning eight thousand years, and prints the time zone', async () => {
    const dir = tempDir();
    const xes = join(dir, 'years.xes');
    writeFileSync(
      xes,
      XES.replace('2025-01-06T10:00:00.000', '0001-01-01T00:00:00.000').replace(
        '2025-07-03T09:00:00',
        '9999-12-31T23:59:59',
      ),
    );
    const run = await runCli(['monitor', xes, '--lang', 'en']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      `read 6 of 9 events of ${xes} · 3 rejected, 0 duplicates (run doorstroom import to list them)`,
      'timestamps without a UTC offset read in Europe/Amsterdam (--timezone to change)',
    ]);
    const utc = await runCli(['monitor', xes, '--timezone', 'UTC', '--lang', 'en']);
    expect(utc.stdout.split('\n')[1]).toBe('timestamps without a UTC offset read in UTC (--timezone to change)');
  });
});
