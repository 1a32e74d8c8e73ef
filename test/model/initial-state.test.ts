// The model check of the initial state with history and of family reunification as a process: every bad value of
// a new field is a located error (file, line, column, field path) that says what to do, and the per-case CSV file
// is checked cell by cell without quoting a value.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, modelFromYaml, tempDir } from '../helpers.ts';

const FILE = 'v.yaml';

/** A valid model; `cohortFr` is the cohort's familyReunification, `stages2` extra stages, `initial` the groups. */
function model(parts: { fr?: string; abroad?: string; initial?: string; extra?: string } = {}): string {
  return `doorstroom: 1
name: v
time: { start: 2025-01-01, horizonDays: 30 }
partners: [{ id: p }]
cohorts:
  - id: a
    shareOfInflow: 1
    grantProbability: { decide: 1, app: 1 }
    familyReunification: ${parts.fr ?? '{ membersPerGrantedCase: 1, application: { stage: app, delay: { dist: fixed, days: 5 } } }'}
tracks: [{ id: t, route: [decide] }]
inflow: { entry: { first: decide }, perDay: { first: 1 } }
reception:
  locations: [{ id: azc, type: regular, beds: 100, costPerOccupiedBedDayEur: 1 }]
  overflowCostPerPersonDayEur: 1
stages:
  - { id: decide, partner: p, decides: grant, location: [azc], next: [{ to: home, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }] }
  - { id: home, partner: p, location: [azc], serviceTime: { dist: fixed, days: 1 }, next: [{ exit: housed }] }
  - { id: app, partner: p, ${parts.abroad ?? 'abroad: true'}, serviceTime: { dist: fixed, days: 3 }, decides: grant, next: [{ to: home, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }] }
norms:
  - { id: term, to: { stages: [decide] }, days: 10 }
initialState:
${parts.initial ?? '  - { stage: decide, persons: 2 }'}
${parts.extra ?? ''}`;
}

const errors = (yaml: string, dir?: string) => errorsOf(() => modelFromYaml(yaml, FILE, dir));
const located = (path: string, message: RegExp | string) =>
  expect.stringMatching(
    new RegExp(
      `^${FILE.replace('.', '\\.')}:\\d+:\\d+: ${path.replace(/[[\].]/g, '\\$&')}: ${typeof message === 'string' ? message : message.source}`,
    ),
  );

describe('the valid model of these tests', () => {
  it('passes, with groups of every new field', () => {
    const initial = `  - { stage: decide, persons: 5, households: { sizes: [1, 2], weights: [1, 1] }, cohorts: { a: 1 }, tracks: { t: 1 }, age: { sinceArrival: { days: [0, 10, 100], shares: [0.5, 0.5] }, sinceStageEntry: { dist: fixed, days: 3 } } }
  - { stage: app, kind: familyReunification, persons: 3, sponsorHousedShare: 0.4 }`;
    expect(() => modelFromYaml(model({ initial }), FILE)).not.toThrow();
  });
});

describe('an initial-state group', () => {
  const bad = (group: string) => errors(model({ initial: `  - ${group}` }));

  it('rejects a cohort mix with an unknown id, one not summing to 1, and one next to "cohort"', () => {
    expect(bad('{ stage: decide, persons: 2, cohorts: { zz: 1 } }')).toContainEqual(
      located('initialState[0].cohorts.zz', 'unknown cohort "zz"'),
    );
    expect(bad('{ stage: decide, persons: 2, cohorts: { a: 0.5 } }')).toContainEqual(
      located('initialState[0].cohorts', 'the cohort shares sum to 0.5; they must sum to 1'),
    );
    expect(bad('{ stage: decide, persons: 2, cohort: a, cohorts: { a: 1 } }')).toContainEqual(
      located('initialState[0].cohorts', 'give "cohort" or a "cohorts" mix, not both'),
    );
  });

  it('rejects a track mix with an unknown id or not summing to 1, and one next to "track"', () => {
    expect(bad('{ stage: decide, persons: 2, tracks: { zz: 1 } }')).toContainEqual(
      located('initialState[0].tracks.zz', 'unknown track "zz"'),
    );
    expect(bad('{ stage: decide, persons: 2, tracks: { t: 2 } }')[0]).toMatch(/initialState\[0\]\.tracks\.t: /);
    expect(bad('{ stage: decide, persons: 2, track: t, tracks: { t: 1 } }')).toContainEqual(
      located('initialState[0].tracks', 'give "track" or a "tracks" mix, not both'),
    );
  });

  it('rejects households with a weight per size missing, and all weights zero', () => {
    expect(bad('{ stage: decide, persons: 2, households: { sizes: [1, 2], weights: [1] } }')).toContainEqual(
      located('initialState[0].households.weights', 'has 1 weights for 2 sizes'),
    );
    expect(bad('{ stage: decide, persons: 2, households: { sizes: [1], weights: [0] } }')).toContainEqual(
      located('initialState[0].households.weights', 'the weights must not all be zero'),
    );
  });

  it('rejects ages: edges that do not increase, a share per range missing, shares not summing to 1, a bad duration', () => {
    expect(
      bad('{ stage: decide, persons: 2, age: { sinceArrival: { days: [0, 10, 5], shares: [0.5, 0.5] } } }'),
    ).toContainEqual(located('initialState[0].age.sinceArrival.days[2]', 'the edges must increase'));
    expect(
      bad('{ stage: decide, persons: 2, age: { sinceArrival: { days: [0, 10, 20], shares: [1] } } }'),
    ).toContainEqual(located('initialState[0].age.sinceArrival.shares', 'has 1 shares for 2 ranges'));
    expect(
      bad('{ stage: decide, persons: 2, age: { sinceArrival: { days: [0, 10], shares: [0.7] } } }'),
    ).toContainEqual(located('initialState[0].age.sinceArrival.shares', 'the shares sum to 0.7'));
    expect(
      bad(
        '{ stage: decide, persons: 2, age: { sinceArrival: { dist: fixed, days: 1 }, sinceStageEntry: { dist: triangular, minDays: 5, modeDays: 1, maxDays: 9 } } }',
      ),
    ).toContainEqual(located('initialState[0].age.sinceStageEntry', 'a triangular distribution needs'));
    expect(bad('{ stage: decide, persons: 2, age: { sinceArrival: { days: [0, -1], shares: [1] } } }')[0]).toMatch(
      /initialState\[0\]\.age\.sinceArrival/,
    );
  });

  it('rejects sponsorHousedShare at a stage in the country, another kind abroad, and a permit abroad', () => {
    expect(bad('{ stage: decide, persons: 2, sponsorHousedShare: 0.5 }')).toContainEqual(
      located('initialState[0].sponsorHousedShare', 'is for open family reunification applications at an abroad stage'),
    );
    expect(bad('{ stage: app, persons: 2 }')).toContainEqual(located('initialState[0].kind', 'stage "app" is abroad'));
    expect(bad('{ stage: app, kind: familyReunification, persons: 2, granted: true }')).toContainEqual(
      located('initialState[0].granted', 'an application abroad holds no permit yet'),
    );
    expect(bad('{ stage: app, kind: familyReunification, persons: 2, sponsorHousedShare: 2 }')[0]).toMatch(
      /initialState\[0\]\.sponsorHousedShare/,
    );
  });
});

describe('family reunification as a process', () => {
  it('rejects an application stage that is unknown or not abroad', () => {
    expect(
      errors(
        model({ fr: '{ membersPerGrantedCase: 1, application: { stage: nope, delay: { dist: fixed, days: 5 } } }' }),
      ),
    ).toContainEqual(located('cohorts[0].familyReunification.application.stage', 'unknown stage "nope"'));
    expect(
      errors(
        model({ fr: '{ membersPerGrantedCase: 1, application: { stage: home, delay: { dist: fixed, days: 5 } } }' }),
      ),
    ).toContainEqual(located('cohorts[0].familyReunification.application.stage', 'stage "home" is not abroad'));
  });

  it('rejects both delays, and neither', () => {
    expect(
      errors(
        model({
          fr: '{ membersPerGrantedCase: 1, delay: { dist: fixed, days: 1 }, application: { stage: app, delay: { dist: fixed, days: 5 } } }',
        }),
      ),
    ).toContainEqual(located('cohorts[0].familyReunification.delay', 'with "application" the time from the grant'));
    expect(errors(model({ fr: '{ membersPerGrantedCase: 1 }' }))).toContainEqual(
      located('cohorts[0].familyReunification', 'give "delay"'),
    );
  });

  it('rejects directToMunicipality to an unknown or abroad stage, with both to and exit, and a share above 1', () => {
    const direct = (d: string) =>
      errors(
        model({
          fr: `{ membersPerGrantedCase: 1, application: { stage: app, delay: { dist: fixed, days: 5 }, directToMunicipality: ${d} } }`,
        }),
      );
    const at = 'cohorts[0].familyReunification.application.directToMunicipality';
    expect(direct('{ share: 0.5, to: nope }')).toContainEqual(located(`${at}.to`, 'unknown stage "nope"'));
    expect(direct('{ share: 0.5, to: app }')).toContainEqual(located(`${at}.to`, 'stage "app" is abroad'));
    expect(direct('{ share: 0.5, to: home, exit: housed }')[0]).toMatch(/give either "to" \(a stage\) or "exit"/);
    expect(direct('{ share: 1.5, to: home }')[0]).toMatch(/directToMunicipality\.share/);
    expect(
      errors(
        model({
          fr: '{ membersPerGrantedCase: 1, application: { stage: app, delay: { dist: fixed, days: 5 }, sponsorHousedExits: [nowhere] } }',
        }),
      )[0],
    ).toMatch(/application\.sponsorHousedExits\[0\]/);
  });

  it('rejects an abroad stage with a location, and a stage in the country that sends cases abroad', () => {
    expect(errors(model({ abroad: 'abroad: true, location: [azc]' }))).toContainEqual(
      located('stages[2].location', 'stage "app" is abroad: nobody there has a bed'),
    );
    const back = model().replace('next: [{ exit: housed }] }', 'next: app }');
    expect(errors(back)).toContainEqual(located('stages[1].next', 'stage "app" is abroad, and cases at "home"'));
  });
});

describe('the per-case CSV file (initialCases)', () => {
  const header = 'stage,persons,children,kind,cohort,track,granted,arrived,enteredStage,startedService,clock.term';
  const withCsv = (csv: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'open.csv'), csv);
    return errors(model({ extra: 'initialCases: { path: open.csv }\n' }), dir);
  };

  it('accepts good rows', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'open.csv'), `${header}\ndecide,2,1,first,a,t,false,2024-06-01,2024-06-02,,2024-06-01\n`);
    expect(() => modelFromYaml(model({ extra: 'initialCases: { path: open.csv }\n' }), FILE, dir)).not.toThrow();
  });

  it('reports every bad cell at its line and column, without quoting it', () => {
    const rows = [
      'secret-stage,2,,first,a,,,2024-06-01,2024-06-01,,', // line 2: unknown stage
      'decide,0,,first,a,,,2024-06-01,2024-06-01,,', // 3: persons
      'decide,2,3,first,a,,,2024-06-01,2024-06-01,,', // 4: children > persons
      'decide,2,,alien,a,,,2024-06-01,2024-06-01,,', // 5: kind
      'decide,2,,first,a,,maybe,2024-06-01,2024-06-01,,', // 6: granted
      'decide,2,,first,a,,,2025-02-01,2025-02-01,,', // 7: after the start
      'decide,2,,first,a,,,2024-13-01,2024-06-01,,', // 8: not a date
      'decide,2,,first,a,,,2024-06-02,2024-06-01,,', // 9: entered before arrived
      'decide,2,,first,a,,,2024-06-01,2024-06-05,2024-06-03,', // 10: started before entered
      'app,2,,first,a,,,2024-06-01,2024-06-01,,', // 11: abroad but not family
    ];
    const e = withCsv(`${header}\n${rows.join('\n')}\n`);
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:2:1: stage: not a stage of the model/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:3:8: persons: not a whole number from 1 to 30/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:4:10: children: more children than persons/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:5:11: kind: not a kind/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:6:\d+: granted: write true or false/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:7:\d+: arrived: arrived is after the start/));
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:8:\d+: arrived: arrived is not a date/));
    expect(e).toContainEqual(
      expect.stringMatching(/(^|\/)open\.csv:9:\d+: enteredStage: enteredStage is before arrived/),
    );
    expect(e).toContainEqual(
      expect.stringMatching(/(^|\/)open\.csv:10:\d+: startedService: startedService is before enteredStage/),
    );
    expect(e).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:11:\d+: kind: the stage is abroad/));
    expect(e.join('\n')).not.toContain('secret-stage');
    expect(e.join('\n')).not.toContain('alien');
  });

  it('rejects a missing column, an unknown column and a clock of an unknown norm, at the header', () => {
    expect(withCsv('stage,persons,cohort,arrived\ndecide,1,a,2024-01-01\n')).toContainEqual(
      expect.stringMatching(/(^|\/)open\.csv:1:1: enteredStage: the header has no column "enteredStage"/),
    );
    expect(
      withCsv('stage,persons,cohort,arrived,enteredStage,name\ndecide,1,a,2024-01-01,2024-01-01,x\n'),
    ).toContainEqual(expect.stringMatching(/(^|\/)open\.csv:1:\d+: column 6: unknown column; .*no identifier column/));
    expect(
      withCsv('stage,persons,cohort,arrived,enteredStage,clock.nope\ndecide,1,a,2024-01-01,2024-01-01,2024-01-01\n'),
    ).toContainEqual(
      expect.stringMatching(/(^|\/)open\.csv:1:\d+: column 6: a clock column names a norm of the model/),
    );
  });

  it('reports a missing file and an empty one at the model field that names it', () => {
    expect(errors(model({ extra: 'initialCases: { path: none.csv }\n' }), tempDir())[0]).toMatch(
      /^v\.yaml:\d+:\d+: initialCases\.path: .*none\.csv/,
    );
    expect(withCsv(`${header}\n`)[0]).toMatch(/initialCases\.path: .* has a header but no rows/);
  });
});
