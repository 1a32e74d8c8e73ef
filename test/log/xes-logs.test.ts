// XES logs as process-mining tools publish them: meta attributes and classifiers, timestamps without a UTC
// offset (read in the stated zone), the transitions of the standard lifecycle model (assign, suspend, resume, …)
// and custom ones, gzip-compressed files (streamed, corrupt and oversized ones refused with a located error),
// and what the writer states about identifiers.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportReject } from '../../src/log/checks.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { loadMapping } from '../../src/log/mapping.ts';
import { InputError } from '../../src/core/diagnostics.ts';
import { readEventLog } from '../../src/log/read.ts';
import { timeZone } from '../../src/log/timestamp.ts';
import { defaultRules } from '../../src/log/vocabulary.ts';
import { readXesEvents, writeXes } from '../../src/log/xes.ts';
import { asyncErrorOf, tempDir } from '../helpers.ts';
import { asRead, caseEvent } from './events.ts';

/** Like a BPI Challenge log: meta attributes, extensions, globals, local times without an offset, many transitions. */
function bpicLike(): string {
  const event = (name: string, transition: string | undefined, time: string, resource = '112') =>
    `    <event>\n      <string key="org:resource" value="${resource}"/>\n      <string key="concept:name" value="${name}"/>\n` +
    (transition === undefined ? '' : `      <string key="lifecycle:transition" value="${transition}"/>\n`) +
    `      <date key="time:timestamp" value="${time}"/>\n    </event>\n`;
  return `<?xml version='1.0' encoding='UTF-8'?>
<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" xmlns="http://www.xes-standard.org/">
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <global scope="trace"><string key="concept:name" value="__INVALID__"/></global>
  <global scope="event"><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="1970-01-01T00:00:00.000+01:00"/></global>
  <classifier name="Activity" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="BPI-like log"/>
  <int key="meta_concept:named_events_total" value="14">
    <int key="W_Afhandelen leads" value="4"/>
  </int>
  <trace>
    <string key="concept:name" value="173688"/>
    <date key="REG_DATE" value="2011-10-01T00:38:44.546"/>
${event('A_SUBMITTED', 'schedule', '2011-10-01T00:38:44.546')}${event('W_Afhandelen leads', 'assign', '2011-10-01T00:38:44.880')}${event('W_Afhandelen leads', 'reassign', '2011-10-01T08:00:00')}${event('W_Afhandelen leads', 'start', '2011-10-01T11:36:46.437')}${event('W_Afhandelen leads', 'suspend', '2011-10-01T12:00:00.1')}${event('W_Afhandelen leads', 'resume', '2011-10-03T09:15:00.123456')}${event('W_Afhandelen leads', 'complete', '2011-10-30T02:30:00')}${event('A_DECLINED', undefined, '2011-12-01T00:00:00.000+01:00')}${event('W_Nabellen', 'In Progress', '2011-10-01T09:00:00')}${event('W_Nabellen', 'ate_abort', '2011-10-02T09:00:00')}${event('W_Fraude', 'withdraw', '2011-10-02T10:00:00')}${event('W_Fraude', 'autoskip', '2011-10-02T10:00:00')}${event('W_Fraude', 'MANUALSKIP', '2011-10-02T10:00:00')}${event('W_Fraude', 'pi_abort', '2011-10-02T10:00:00')}${event('W_Fraude', 'unknown', '2011-10-02T10:00:00')}  </trace>
</log>
`;
}

async function readLog(file: string, options: Partial<Parameters<typeof readEventLog>[1]> = {}) {
  const events: CaseEvent[] = [];
  const rejects: ImportReject[] = [];
  const summary = await readEventLog(file, {
    ...options,
    onEvents: (batch) => void events.push(...batch),
    onReject: (r) => rejects.push(r),
  });
  return { events, rejects, summary };
}

describe('XES as published', () => {
  it('reads a BPIC-like log: local times in Europe/Amsterdam across the October change, the standard transitions mapped, a custom one rejected', async () => {
    const file = join(tempDir(), 'bpic.xes');
    writeFileSync(file, bpicLike());
    const { events, rejects, summary } = await readLog(file);
    expect(summary).toMatchObject({ dataRows: 15, accepted: 14, rejected: 1, timeZone: 'Europe/Amsterdam' });
    expect(events.map((e) => [e.activity, e.lifecycle])).toEqual([
      ['A_SUBMITTED', 'schedule'],
      ['W_Afhandelen leads', 'schedule'],
      ['W_Afhandelen leads', 'schedule'],
      ['W_Afhandelen leads', 'start'],
      ['W_Afhandelen leads', 'start'],
      ['W_Afhandelen leads', 'start'],
      ['W_Afhandelen leads', 'complete'],
      ['A_DECLINED', 'complete'],
      ['W_Nabellen', 'complete'],
      ['W_Fraude', 'complete'],
      ['W_Fraude', 'complete'],
      ['W_Fraude', 'complete'],
      ['W_Fraude', 'complete'],
      ['W_Fraude', 'complete'],
    ]);
    const times = events.map((e) => [e.timeMs, e.offsetMinutes]);
    expect(times[0]).toEqual([Date.UTC(2011, 8, 30, 22, 38, 44, 546), 120]);
    expect(times[4]).toEqual([Date.UTC(2011, 9, 1, 10, 0, 0, 100), 120]);
    expect(times[5]).toEqual([Date.UTC(2011, 9, 3, 7, 15, 0, 123), 120]);
    // 02:30 on 2011-10-30 happened twice in Amsterdam: read as the first time, still summer time.
    expect(times[6]).toEqual([Date.UTC(2011, 9, 30, 0, 30), 120]);
    expect(times[7]).toEqual([Date.UTC(2011, 10, 30, 23), 60]);
    expect(events[0]).toMatchObject({ caseId: '173688', eventId: '173688-1', partner: '112' });
    expect(rejects).toEqual([
      {
        line: 62,
        kind: 'rejected',
        reason:
          "event 9 of the trace at line 12: lifecycle:transition 'In Progress' is not a transition of the XES standard lifecycle model (schedule, assign, reassign, start, suspend, resume, complete, autoskip, manualskip, withdraw, ate_abort, pi_abort, unknown); map it to schedule, start or complete under lifecycles: in a mapping file (--mapping)",
      },
    ]);
  });

  it('reads the local times in --timezone, maps custom transitions by a mapping file, and quotes no value while pseudonymising', async () => {
    const dir = tempDir();
    const file = join(dir, 'bpic.xes');
    writeFileSync(file, bpicLike());
    const mapping = join(dir, 'm.yaml');
    writeFileSync(
      mapping,
      'lifecycles:\n  In Progress: start\n  resume: schedule\nactivities:\n  A_SUBMITTED: arrival\n',
    );
    const { events, rejects, summary } = await readLog(file, { mapping: loadMapping(mapping), timeZone: 'UTC' });
    expect(summary).toMatchObject({ accepted: 15, rejected: 0, timeZone: 'UTC' });
    expect(events[0]).toMatchObject({
      activity: 'arrival',
      timeMs: Date.UTC(2011, 9, 1, 0, 38, 44, 546),
      offsetMinutes: 0,
    });
    // The mapping file comes before the standard model.
    expect(events[5].lifecycle).toBe('schedule');
    expect(events[8]).toMatchObject({ activity: 'W_Nabellen', lifecycle: 'start' });
    expect(rejects).toEqual([]);

    writeFileSync(
      file,
      bpicLike().replace('2011-10-02T09:00:00', '0001-01-01T00:00:00').replace('"173688"', '"V1234567890"'),
    );
    const withKey = await readLog(file, {
      pseudonymiseIds: true,
      pseudonymise: (id) => createHash('sha256').update(id).digest('hex'),
    });
    expect(withKey.rejects.map((r) => r.reason)).toEqual([
      'event 9 of the trace at line 12: lifecycle:transition is not a transition of the XES standard lifecycle model (schedule, assign, reassign, start, suspend, resume, complete, autoskip, manualskip, withdraw, ate_abort, pi_abort, unknown); map it to schedule, start or complete under lifecycles: in a mapping file (--mapping)',
      'event 10 of the trace at line 12: time:timestamp has a year outside 1900–2199, the years doorstroom reads',
    ]);
    expect(JSON.stringify(withKey.rejects)).not.toMatch(/In Progress|0001|V123/);
  });

  it('refuses an unknown --timezone with the closest name, and --case-type for a log that is not OCEL', async () => {
    const file = join(tempDir(), 'bpic.xes');
    writeFileSync(file, bpicLike());
    await expect(readLog(file, { timeZone: 'Europe/Amstredam' })).rejects.toThrow(
      new InputError(
        '--timezone "Europe/Amstredam" is not a time zone of the IANA database; did you mean Europe/Amsterdam? (write e.g. Europe/Amsterdam or UTC)',
      ),
    );
    await expect(readLog(file, { caseType: 'order' })).rejects.toThrow(
      /^--case-type names the object type of the cases in an OCEL log; .*bpic\.xes is XES/,
    );
  });

  it('reads a gzip-compressed log streamed, the same as the plain one, at any chunk size', async () => {
    const dir = tempDir();
    const plain = join(dir, 'bpic.xes');
    writeFileSync(plain, bpicLike());
    const gz = join(dir, 'bpic.xes.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const expected = await readLog(plain);
    expect(await readLog(gz)).toEqual(expected);
    const rules = defaultRules();
    for (const chunkSize of [64, 100, 4096]) {
      expect(await readXesEvents(gz, { chunkSize, rules, onReject: () => undefined }), `chunk ${chunkSize}`).toEqual(
        expected.events,
      );
    }
  });

  it('refuses a corrupt, a truncated and an oversized gzip file with a located error, and an uncompressed one named .gz reads as it is', async () => {
    const dir = tempDir();
    const zipped = gzipSync(Buffer.from(bpicLike()));
    const file = join(dir, 'bad.xes.gz');
    const corrupt = Buffer.from(zipped);
    for (let i = 40; i < 60; i++) corrupt[i] ^= 0xa5;
    writeFileSync(file, corrupt);
    expect(await asyncErrorOf(() => readLog(file))).toMatch(
      new RegExp(
        `^${file}:\\d+:\\d+: the gzip-compressed file is corrupt \\(zlib: .+\\); copy or download it again, or check it with gunzip -t \\(the text read so far ends here\\)$`,
      ),
    );
    writeFileSync(file, zipped.subarray(0, zipped.length - 200));
    expect(await asyncErrorOf(() => readLog(file))).toMatch(
      new RegExp(
        `^${file}:\\d+:\\d+: the gzip-compressed file ends early \\(zlib: unexpected end of file\\); it is truncated: copy or download it again`,
      ),
    );
    writeFileSync(file, zipped);
    const onReject = (): void => undefined;
    expect(await asyncErrorOf(() => readXesEvents(file, { maxGunzippedBytes: 1024, onReject }))).toMatch(
      new RegExp(
        `^${file}:\\d+:\\d+: the file decompresses to more than 1024 bytes, the limit for a gzip-compressed log; decompress it \\(gunzip\\) and read the uncompressed file$`,
      ),
    );
    writeFileSync(file, bpicLike());
    expect((await readLog(file)).summary.accepted).toBe(14);
  });
});

describe('the XES writer', () => {
  it('states whether doorstroom pseudonymised the identifiers, and which', () => {
    const dir = tempDir();
    const file = join(dir, 'out.xes');
    const events = [caseEvent({ eventId: 'e1' })];
    writeXes(file, events);
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(
      '<!-- Written by doorstroom. Identifiers are as they were read: doorstroom did not pseudonymise them. -->',
    );
    writeXes(file, events, { pseudonymised: ['eventId', 'caseId', 'personId'] });
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(
      '<!-- Written by doorstroom. Keyed pseudonyms (doorstroom import): case ids, event ids, person ids. -->',
    );
    writeXes(file, events, { pseudonymised: ['personId'] });
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(
      '<!-- Written by doorstroom. Keyed pseudonyms (doorstroom import): person ids. As they were read: case ids, event ids. -->',
    );
  });

  it('writes offsets that read back to the same instants in any zone', async () => {
    const file = join(tempDir(), 'out.xes');
    const events = [caseEvent({ eventId: 'e1', timeMs: Date.UTC(2025, 2, 30, 1, 30), offsetMinutes: 120 })];
    writeXes(file, events);
    expect(await readXesEvents(file, { rules: defaultRules({ zone: timeZone('Asia/Tokyo') }) })).toEqual(
      asRead(events),
    );
  });
});
