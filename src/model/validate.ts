// Checks a model whose shape zod has accepted: references between parts, schedules, distributions, that
// every case that can reach a stage has exactly one way onward (routing probabilities sum to 1 for every
// cohort, track, kind and outcome that can occur there), that no case can go round a loop of stages without
// time passing, and the size limits that span fields. Returns every problem at once, each with its path.
import type {
  Age,
  ApplicationKind,
  Branch,
  ChainModel,
  Condition,
  Duration,
  PoolDivision,
  Schedule,
} from './schema.ts';
import { LIMITS, applicationKinds } from './schema.ts';
import { resultShape } from './result-shape.ts';
import { parseIsoDate } from '../core/calendar.ts';
import { stronglyConnectedComponents } from '../core/graph.ts';

export interface ModelProblem {
  path: (string | number)[];
  message: string;
}

const grantOutcomes = ['grant', 'reject'];
const departureOutcomes = ['independent', 'forced', 'untraced'];
const sumTolerance = 1e-6;

/** A start of the routing check besides the entry stages and the initial state (a row of initialCases). */
export interface RoutingStart {
  stage: string;
  kind: ApplicationKind;
  cohort: string;
  track: string | null;
}

export function validateModel(model: ChainModel, starts: RoutingStart[] = []): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const report = (path: (string | number)[], message: string) => problems.push({ path, message });

  const ids = (list: { id: string }[], what: string, ...at: string[]) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const earlier = seen.get(item.id);
      if (earlier !== undefined)
        report([...at, i, 'id'], `${what} id "${item.id}" is used twice (also at ${at.join('.')}[${earlier}])`);
      else seen.set(item.id, i);
    });
    return new Set(seen.keys());
  };
  const stageIds = ids(model.stages, 'stage', 'stages');
  const cohortIds = ids(model.cohorts, 'cohort', 'cohorts');
  const trackIds = ids(model.tracks, 'track', 'tracks');
  const partnerIds = ids(model.partners, 'partner', 'partners');
  const normIds = ids(model.norms, 'norm', 'norms');
  const locationIds = model.reception
    ? ids(model.reception.locations, 'location', 'reception', 'locations')
    : new Set<string>();
  const stageById = new Map(model.stages.map((s) => [s.id, s]));

  const known = (set: Set<string>, id: string, what: string, path: (string | number)[]) => {
    if (!set.has(id)) report(path, `unknown ${what} "${id}"; known: ${[...set].join(', ') || '(none)'}`);
  };

  // Stages: references, schedules, distributions, staff.
  model.stages.forEach((stage, i) => {
    const at = ['stages', i];
    known(partnerIds, stage.partner, 'partner', [...at, 'partner']);
    checkDuration(stage.serviceTime, [...at, 'serviceTime'], report);
    if (stage.capacity !== 'unlimited') {
      if ('servers' in stage.capacity)
        checkSchedule(model, [...at, 'capacity', 'servers'], stage.capacity.servers, report);
      else if ('pool' in stage.capacity) {
        if (stage.staff)
          report(
            [...at, 'staff'],
            `stage "${stage.id}" takes its staff from pool "${stage.capacity.pool}", whose costPerFteYearEur counts their cost; remove "staff" here`,
          );
      } else {
        const tp = stage.capacity.throughput;
        const tat = [...at, 'capacity', 'throughput'];
        checkSchedule(model, [...tat, 'amount'], tp.amount, report);
        checkSchedule(model, [...tat, 'realisationShare'], tp.realisationShare, report);
        if ((tp.realisationShare !== undefined || tp.arrearsAtStart !== undefined) && tp.per !== 'halfYear')
          report(
            [...tat, tp.realisationShare !== undefined ? 'realisationShare' : 'arrearsAtStart'],
            `a target with arrears is set per half year, as the housing target is; use "per: halfYear" (got "${tp.per}")`,
          );
        if (tp.targetFromPermits !== undefined) {
          const from = parseIsoDate(tp.targetFromPermits.from);
          const date = new Date(from * 86_400_000);
          const start = parseIsoDate(model.time.start);
          if (tp.realisationShare === undefined)
            report(
              [...tat, 'targetFromPermits'],
              'a target from the permits is realised at a "realisationShare" with arrears carried over; give one',
            );
          else if (date.getUTCDate() !== 1 || date.getUTCMonth() % 6 !== 0)
            report(
              [...tat, 'targetFromPermits', 'from'],
              `the target follows from the permits from the start of a half year: give a 1 January or 1 July (got ${tp.targetFromPermits.from})`,
            );
          else if (from - start < 181)
            report(
              [...tat, 'targetFromPermits', 'from'],
              `the first target from the permits needs a half year of the run before it: give a 1 January or 1 July at least six months after the start ${model.time.start}`,
            );
        }
        if (tp.arrearsAtStart !== undefined && tp.realisationShare === undefined)
          report(
            [...tat, 'arrearsAtStart'],
            'arrears are carried only with a "realisationShare" (the share of target plus arrears realised each half year); give one',
          );
      }
    }
    if (typeof stage.queue === 'object') {
      if ('edf' in stage.queue) known(normIds, stage.queue.edf, 'norm', [...at, 'queue', 'edf']);
      else {
        const by = stage.queue.priority.by;
        const allowed = by === 'track' ? trackIds : by === 'cohort' ? cohortIds : new Set<string>(applicationKinds);
        stage.queue.priority.order.forEach((v, j) => known(allowed, v, by, [...at, 'queue', 'priority', 'order', j]));
      }
    }
    if (typeof stage.next === 'string') known(stageIds, stage.next, 'stage', [...at, 'next']);
    else if (stage.next) {
      stage.next.forEach((branch, j) => {
        const bat = [...at, 'next', j];
        if (branch.to !== undefined) known(stageIds, branch.to, 'stage', [...bat, 'to']);
        const w = branch.when;
        if (!w) return;
        w.cohort?.forEach((c, k) => known(cohortIds, c, 'cohort', [...bat, 'when', 'cohort', k]));
        w.track?.forEach((t, k) => known(trackIds, t, 'track', [...bat, 'when', 'track', k]));
        if (w.outcome) {
          const outcomes = possibleOutcomes(stage.decides, model);
          if (!stage.decides)
            report(
              [...bat, 'when', 'outcome'],
              `stage "${stage.id}" draws no outcome; add "decides" or remove the outcome condition`,
            );
          else
            w.outcome.forEach((o, k) => {
              if (!outcomes.includes(o))
                report(
                  [...bat, 'when', 'outcome', k],
                  `outcome "${o}" cannot occur at a "${stage.decides}" stage; possible: ${outcomes.join(', ')}`,
                );
            });
        }
      });
    }
    stage.location?.forEach((loc, j) => {
      if (!model.reception) report([...at, 'location', j], 'locations need a "reception" section that defines them');
      else known(locationIds, loc, 'location', [...at, 'location', j]);
    });
    if (stage.staff) {
      const servers = stage.capacity !== 'unlimited' && 'servers' in stage.capacity;
      if (stage.staff.fte === undefined && (stage.staff.ftePerServer === undefined || !servers)) {
        report(
          [...at, 'staff'],
          servers ? 'give "ftePerServer" or "fte"' : 'give "fte" (this stage has no servers to derive it from)',
        );
      }
      if (stage.staff.fte !== undefined) checkSchedule(model, [...at, 'staff', 'fte'], stage.staff.fte, report);
    }
    if (stage.decides === 'track' && model.tracks.length === 0)
      report([...at, 'decides'], 'a track-deciding stage needs "tracks"');
  });

  checkStaffPools(model, partnerIds, report);

  model.tracks.forEach((track, i) => {
    track.route.forEach((s, j) => known(stageIds, s, 'stage', ['tracks', i, 'route', j]));
  });

  const shape = resultShape(model);
  if (shape.dailySeries * model.time.horizonDays > LIMITS.dailyValues) {
    report(
      ['time', 'horizonDays'],
      `the model keeps ${shape.dailySeries} daily series (per stage, location and norm) over ${model.time.horizonDays} days: ${millions(shape.dailySeries * model.time.horizonDays)} million values per replication, more than the ${millions(LIMITS.dailyValues)} million allowed; shorten the horizon to at most ${Math.floor(LIMITS.dailyValues / shape.dailySeries)} days, or model fewer stages or locations`,
    );
  }
  const initialPersons = model.initialState.reduce((a, s) => a + s.persons, 0);
  if (initialPersons > LIMITS.initialPersons) {
    report(
      ['initialState'],
      `the initial state holds ${initialPersons} persons, more than the ${LIMITS.initialPersons} allowed (each is simulated as a case of its own)`,
    );
  }
  if (
    model.time.start < '1900-01-01' ||
    parseIsoDate(model.time.start) + model.time.horizonDays - 1 > parseIsoDate('9999-12-31')
  ) {
    report(
      ['time', 'start'],
      `the run must lie between 1900-01-01 and 9999-12-31 (this one starts ${model.time.start} and lasts ${model.time.horizonDays} days)`,
    );
  } else if (model.calendar.holidays === 'nl' && model.time.start < '1980-01-01') {
    report(
      ['calendar', 'holidays'],
      `Dutch public holidays are known from 1980 on, and the run starts ${model.time.start}; start in 1980 or later, or set holidays: none and list the days off in extraHolidays`,
    );
  }
  if (model.time.warmupDays >= model.time.horizonDays) {
    report(
      ['time', 'warmupDays'],
      `the warm-up (${model.time.warmupDays} days) must be shorter than the horizon (${model.time.horizonDays} days), or nothing is reported`,
    );
  }
  const monthsAreCalendar = (path: (string | number)[], n: { months?: number; calendar: string }) => {
    if (n.months !== undefined && n.calendar === 'working')
      report(path, 'a term in months counts calendar months; give "days" for a term in working days');
  };
  model.stages.forEach((s, i) => s.norm && monthsAreCalendar(['stages', i, 'norm'], s.norm));
  model.norms.forEach((norm, i) => {
    monthsAreCalendar(['norms', i], norm);
    if (norm.from !== 'arrival')
      norm.from.stages.forEach((s, j) => known(stageIds, s, 'stage', ['norms', i, 'from', 'stages', j]));
    norm.to.stages.forEach((s, j) => known(stageIds, s, 'stage', ['norms', i, 'to', 'stages', j]));
    norm.overrides.forEach((o, j) => {
      if (o.startedBefore <= o.startedFrom)
        report(['norms', i, 'overrides', j, 'startedBefore'], 'must be after startedFrom');
    });
    checkPenalties(norm, ['norms', i], report);
  });

  model.reception?.locations.forEach((loc, i) =>
    checkSchedule(model, ['reception', 'locations', i, 'beds'], loc.beds, report),
  );

  // Cohorts: probabilities that must form distributions.
  const decisionStages = model.stages.filter((s) => s.decides === 'grant');
  const hasTrackStage = model.stages.some((s) => s.decides === 'track');
  const hasDepartureStage = model.stages.some((s) => s.decides === 'departure');
  model.cohorts.forEach((cohort, i) => {
    const at = ['cohorts', i];
    for (const t of Object.keys(cohort.trackProbabilities))
      known(trackIds, t, 'track', [...at, 'trackProbabilities', t]);
    if (hasTrackStage)
      checkSum(cohort.trackProbabilities, [...at, 'trackProbabilities'], 'track probabilities', report);
    for (const s of Object.keys(cohort.grantProbability)) {
      if (!stageIds.has(s)) known(stageIds, s, 'stage', [...at, 'grantProbability', s]);
      else if (stageById.get(s)?.decides !== 'grant')
        report([...at, 'grantProbability', s], `stage "${s}" does not decide grants (it has no "decides: grant")`);
    }
    for (const stage of decisionStages) {
      if (cohort.grantProbability[stage.id] === undefined)
        report([...at, 'grantProbability'], `missing the grant probability at decision stage "${stage.id}"`);
    }
    if (hasDepartureStage) {
      if (!cohort.departure)
        report(
          at,
          'missing "departure" (shares of independent, forced and untraced departure) used by the departure stage',
        );
      else checkSum(cohort.departure, [...at, 'departure'], 'departure shares', report);
    }
    if (cohort.householdSize && cohort.householdSize.sizes.length !== cohort.householdSize.weights.length) {
      report(
        [...at, 'householdSize', 'weights'],
        `has ${cohort.householdSize.weights.length} weights for ${cohort.householdSize.sizes.length} sizes; give one weight per size`,
      );
    }
    if (cohort.familyReunification) {
      const fr = cohort.familyReunification;
      const frAt = [...at, 'familyReunification'];
      checkDuration(fr.delay, [...frAt, 'delay'], report);
      if (fr.application && fr.delay)
        report(
          [...frAt, 'delay'],
          'with "application" the time from the grant to the filing is application.delay; remove this "delay"',
        );
      if (!fr.application && !fr.delay)
        report(frAt, 'give "delay" (the time from the grant to the arrival) or an "application" block');
      if (fr.application)
        checkApplication(fr.application, frAt, stageById, stageIds, model.reception !== undefined, report);
    }
  });

  // Inflow.
  const inflow = model.inflow;
  const sourcesGiven = [inflow.monthly, inflow.file, inflow.perDay, inflow.forecast].filter(
    (x) => x !== undefined,
  ).length;
  if (sourcesGiven !== 1) report(['inflow'], 'give exactly one of "monthly", "file", "perDay" or "forecast"');
  for (const [kind, stageId] of Object.entries(inflow.entry))
    known(stageIds, stageId, 'stage', ['inflow', 'entry', kind]);
  const generatesFamily = model.cohorts.some(
    (c) =>
      c.familyReunification && !c.familyReunification.application && c.familyReunification.membersPerGrantedCase > 0,
  );
  if (generatesFamily && !inflow.entry.familyReunification)
    report(['inflow', 'entry'], 'cohorts generate family reunification: give its entry stage ("familyReunification")');
  // Cohort shares must form a distribution for every kind whose inflow is split over cohorts by share.
  const kindsWithInflow = new Set<ApplicationKind>(
    applicationKinds.filter(
      (k) =>
        inflow.monthly?.some((row) => row[k] !== undefined && row.cohort === undefined) ||
        (inflow.file && inflow.file.columns[k] !== undefined && !inflow.file.cohortColumn) ||
        (inflow.forecast && inflow.forecast.columns[k] !== undefined) ||
        (inflow.perDay?.[k] ?? 0) > 0,
    ),
  );
  const sharesSumTo1 = (kind: ApplicationKind) =>
    Math.abs(model.cohorts.reduce((a, c) => a + cohortShare(c.shareOfInflow, kind, model.cohorts.length), 0) - 1) <=
    sumTolerance;
  for (const kind of kindsWithInflow) {
    if (!inflow.entry[kind])
      report(['inflow', 'entry'], `the inflow has ${kind} applications: give their entry stage ("${kind}")`);
    if (!sharesSumTo1(kind)) {
      const total = model.cohorts.reduce((a, c) => a + cohortShare(c.shareOfInflow, kind, model.cohorts.length), 0);
      report(
        ['cohorts'],
        `the cohorts' shareOfInflow for ${kind} applications sum to ${round(total)}; they must sum to 1`,
      );
    }
  }
  model.initialState.forEach((stock, i) => {
    if (stock.cohort === undefined && stock.cohorts === undefined && !sharesSumTo1(stock.kind)) {
      report(
        ['initialState', i],
        `give "cohort": the cohorts' shareOfInflow for ${stock.kind} applications do not sum to 1, so it cannot be drawn`,
      );
    }
  });
  if (inflow.monthly) {
    const byCohort = inflow.monthly[0].cohort !== undefined;
    const seen = new Map<string, number>();
    inflow.monthly.forEach((row, i) => {
      const at = ['inflow', 'monthly', i];
      if ((row.cohort !== undefined) !== byCohort) {
        report(
          at,
          byCohort
            ? 'the first row names its cohort, this one does not: either every row names its cohort or none does'
            : 'the first row names no cohort, this one does: either every row names its cohort or none does',
        );
        return;
      }
      if (row.cohort !== undefined) known(cohortIds, row.cohort, 'cohort', [...at, 'cohort']);
      const previous = i > 0 ? inflow.monthly![i - 1].month : undefined;
      if (previous !== undefined && (byCohort ? row.month < previous : row.month <= previous))
        report([...at, 'month'], `months must increase; ${row.month} follows ${previous}`);
      const key = `${row.month}|${row.cohort ?? ''}`;
      if (seen.has(key))
        report(
          [...at, 'month'],
          `month ${row.month}${row.cohort ? ` of cohort ${row.cohort}` : ''} is given twice (also at inflow.monthly[${seen.get(key)}])`,
        );
      else seen.set(key, i);
    });
  }

  // Reception: every entry stage must give arrivals a bed.
  if (model.reception) {
    for (const [kind, stageId] of Object.entries(inflow.entry)) {
      const s = stageById.get(stageId);
      if (s && !s.location && !s.abroad)
        report(['inflow', 'entry', kind], `entry stage "${stageId}" has no "location": arrivals would have no bed`);
    }
  }

  model.initialState.forEach((stock, i) => {
    known(stageIds, stock.stage, 'stage', ['initialState', i, 'stage']);
    if (stock.cohort !== undefined) known(cohortIds, stock.cohort, 'cohort', ['initialState', i, 'cohort']);
    if (stock.track !== undefined) known(trackIds, stock.track, 'track', ['initialState', i, 'track']);
    const stage = stageById.get(stock.stage);
    if (model.reception && stage && !stage.location && !stage.abroad)
      report(
        ['initialState', i, 'stage'],
        `stage "${stock.stage}" has no "location", so these persons would have no bed; start them at a stage with a location`,
      );
    checkInitialGroup(stock, ['initialState', i], { stageById, cohortIds, trackIds }, report);
  });
  checkAbroadStages(model, stageById, report);

  ids(model.playbook, 'playbook rule', 'playbook');
  model.playbook.forEach((rule, i) => {
    const at = ['playbook', i];
    const w = rule.when;
    if (Object.values(w).every((v) => v === undefined))
      report([...at, 'when'], 'give at least one condition (occupancy, backlog, inflow, waiting, overflow or date)');
    w.occupancy?.locations.forEach((l, j) =>
      known(locationIds, l, 'location', [...at, 'when', 'occupancy', 'locations', j]),
    );
    if (w.backlog) known(stageIds, w.backlog.stage, 'stage', [...at, 'when', 'backlog', 'stage']);
    if (w.waiting) known(stageIds, w.waiting.stage, 'stage', [...at, 'when', 'waiting', 'stage']);
    if ((w.occupancy || w.overflow) && !model.reception)
      report([...at, 'when'], 'occupancy and overflow conditions need a "reception" section');
    if ('beds' in rule.then)
      known(locationIds, rule.then.beds.location, 'location', [...at, 'then', 'beds', 'location']);
    else if ('route' in rule.then) {
      known(stageIds, rule.then.route.stage, 'stage', [...at, 'then', 'route', 'stage']);
      known(stageIds, rule.then.route.to, 'stage', [...at, 'then', 'route', 'to']);
    } else if ('poolFte' in rule.then) {
      const pool = rule.then.poolFte.pool;
      if (!(model.staffPools ?? []).some((p) => p.id === pool))
        report(
          [...at, 'then', 'poolFte', 'pool'],
          `unknown staff pool "${pool}"; known: ${(model.staffPools ?? []).map((p) => p.id).join(', ') || '(none: add it under staffPools)'}`,
        );
    } else {
      const stage = stageById.get(rule.then.servers.stage);
      if (!stage) known(stageIds, rule.then.servers.stage, 'stage', [...at, 'then', 'servers', 'stage']);
      else if (stage.capacity === 'unlimited' || !('servers' in stage.capacity))
        report(
          [...at, 'then', 'servers', 'stage'],
          `stage "${stage.id}" has no servers to add or remove; give it capacity: { servers: … }`,
        );
    }
  });

  if (problems.length === 0) checkRouting(model, report, starts);
  return problems;
}

/**
 * Staff pools: unique ids, a known partner, an FTE schedule, at least one stage, and each division rule naming
 * exactly the stages that use the pool (priority order: each once; shares: each one, summing to 1), its dated
 * entries in date order from the start on. A stage's pool must exist and belong to the stage's partner.
 */
function checkStaffPools(
  model: ChainModel,
  partnerIds: Set<string>,
  report: (path: (string | number)[], message: string) => void,
): void {
  const pools = model.staffPools ?? [];
  const poolIds = new Map<string, number>();
  pools.forEach((pool, i) => {
    if (poolIds.has(pool.id))
      report(
        ['staffPools', i, 'id'],
        `staff pool id "${pool.id}" is used twice (also at staffPools[${poolIds.get(pool.id)}])`,
      );
    else poolIds.set(pool.id, i);
  });
  const members = pools.map(() => [] as string[]);
  model.stages.forEach((stage, i) => {
    if (stage.capacity === 'unlimited' || !('pool' in stage.capacity)) return;
    const p = poolIds.get(stage.capacity.pool);
    if (p === undefined) {
      report(
        ['stages', i, 'capacity', 'pool'],
        `unknown staff pool "${stage.capacity.pool}"; known: ${[...poolIds.keys()].join(', ') || '(none: add it under staffPools)'}`,
      );
      return;
    }
    if (pools[p].partner !== stage.partner)
      report(
        ['stages', i, 'capacity', 'pool'],
        `stage "${stage.id}" belongs to partner "${stage.partner}" and pool "${pools[p].id}" to partner "${pools[p].partner}"; a pool serves the stages of its own partner`,
      );
    members[p].push(stage.id);
  });
  pools.forEach((pool, i) => {
    const at = ['staffPools', i];
    if (!partnerIds.has(pool.partner))
      report([...at, 'partner'], `unknown partner "${pool.partner}"; known: ${[...partnerIds].join(', ') || '(none)'}`);
    checkSchedule(model, [...at, 'fte'], pool.fte, report);
    if (poolIds.get(pool.id) !== i) return; // a second pool of the same id: reported above
    const stages = members[i];
    if (stages.length === 0) {
      report(
        at,
        `no stage uses staff pool "${pool.id}"; give a stage capacity: { pool: ${pool.id}, hoursPerCase: … }, or remove the pool`,
      );
      return;
    }
    const inPool = new Set(stages);
    const listed = `the stages of pool "${pool.id}" are ${stages.join(', ')}`;
    const checkRule = (d: PoolDivision & { rule: string }, path: (string | number)[]) => {
      if (d.rule === 'priority' && 'order' in d) {
        const seen = new Set<string>();
        d.order.forEach((id, j) => {
          if (!inPool.has(id)) report([...path, 'order', j], `stage "${id}" does not use this pool; ${listed}`);
          else if (seen.has(id)) report([...path, 'order', j], `stage "${id}" is listed twice`);
          seen.add(id);
        });
        const missing = stages.filter((id) => !seen.has(id));
        if (missing.length > 0)
          report([...path, 'order'], `missing ${missing.join(', ')}: the order lists every stage of the pool once`);
      } else if (d.rule === 'shares' && 'shares' in d) {
        let total = 0;
        for (const [id, share] of Object.entries(d.shares)) {
          if (!inPool.has(id)) report([...path, 'shares', id], `stage "${id}" does not use this pool; ${listed}`);
          total += share;
        }
        const missing = stages.filter((id) => d.shares[id] === undefined);
        if (missing.length > 0)
          report(
            [...path, 'shares'],
            `missing ${missing.join(', ')}: give every stage of the pool a share (0 for none)`,
          );
        else if (Math.abs(total - 1) > sumTolerance)
          report([...path, 'shares'], `the shares sum to ${round(total)}; they must sum to 1`);
      }
    };
    if (!Array.isArray(pool.division)) {
      checkRule(pool.division, [...at, 'division']);
      return;
    }
    const entries = pool.division;
    if (entries[0].from > model.time.start)
      report(
        [...at, 'division', 0, 'from'],
        `the first rule (${entries[0].from}) must hold from on or before the start date ${model.time.start}, so the division is known from day one`,
      );
    entries.forEach((entry, j) => {
      if (j > 0 && entry.from <= entries[j - 1].from)
        report(
          [...at, 'division', j, 'from'],
          `the rules must be in date order; ${entry.from} follows ${entries[j - 1].from}`,
        );
      checkRule(entry, [...at, 'division', j]);
    });
  });
}

function possibleOutcomes(decides: string | undefined, model: ChainModel): string[] {
  if (decides === 'grant') return grantOutcomes;
  if (decides === 'departure') return departureOutcomes;
  if (decides === 'track') return model.tracks.map((t) => t.id);
  return [];
}

/** Share of a cohort in a kind's inflow; a single cohort without a share takes all of it. */
export function cohortShare(
  share: number | Partial<Record<ApplicationKind, number>> | undefined,
  kind: ApplicationKind,
  cohortCount: number,
): number {
  if (share === undefined) return cohortCount === 1 ? 1 : 0;
  if (typeof share === 'number') return share;
  return share[kind] ?? 0;
}

export function conditionMatches(
  when: Condition | undefined,
  outcome: string | undefined,
  cohort: string,
  track: string | undefined,
  kind: ApplicationKind,
): boolean {
  if (!when) return true;
  if (when.outcome && (outcome === undefined || !when.outcome.includes(outcome))) return false;
  if (when.cohort && !when.cohort.includes(cohort)) return false;
  if (when.track && (track === undefined || !when.track.includes(track))) return false;
  if (when.kind && !when.kind.includes(kind)) return false;
  return true;
}

/**
 * Walks every (stage, kind, cohort, track) a case can be in, from the entry stages, and checks that each has
 * exactly one way onward: matching branch probabilities sum to 1, or the track route continues.
 */
function checkRouting(
  model: ChainModel,
  report: (path: (string | number)[], message: string) => void,
  starts: RoutingStart[],
): void {
  const stageIndex = new Map(model.stages.map((s, i) => [s.id, i]));
  const trackById = new Map(model.tracks.map((t) => [t.id, t]));
  // Every state a case can be in, with the states it can go on to (for the zero-time loop check).
  const states = new Map<string, { stage: number; next: Set<string> }>();
  const reported = new Set<string>();
  const queue: { key: string; stage: string; kind: ApplicationKind; cohort: string; track: string | undefined }[] = [];
  let from: string | undefined;
  const push = (stage: string, kind: ApplicationKind, cohort: string, track: string | undefined) => {
    const key = `${stage}|${kind}|${cohort}|${track ?? ''}`;
    if (from !== undefined) states.get(from)!.next.add(key);
    if (!states.has(key)) {
      states.set(key, { stage: stageIndex.get(stage)!, next: new Set() });
      queue.push({ key, stage, kind, cohort, track });
    }
  };
  const fail = (path: (string | number)[], message: string) => {
    const key = path.join('.');
    if (!reported.has(key)) {
      reported.add(key);
      report(path, message);
    }
  };
  for (const kind of applicationKinds) {
    const entry = model.inflow.entry[kind];
    if (!entry) continue;
    for (const cohort of model.cohorts) push(entry, kind, cohort.id, undefined);
  }
  for (const stock of model.initialState) {
    for (const cohort of model.cohorts) {
      const inGroup = stock.cohorts
        ? (stock.cohorts[cohort.id] ?? 0) > 0
        : stock.cohort === undefined || stock.cohort === cohort.id;
      if (!inGroup) continue;
      const tracks = stock.tracks
        ? Object.keys(stock.tracks).filter((t) => (stock.tracks![t] ?? 0) > 0)
        : [stock.track];
      for (const track of tracks) push(stock.stage, stock.kind, cohort.id, track);
    }
  }
  for (const start of starts) push(start.stage, start.kind, start.cohort, start.track ?? undefined);
  // Family members who file an application abroad start at its stage; a family of a housed sponsor may go on
  // directly to the stage of directToMunicipality.
  for (const cohort of model.cohorts) {
    const application = cohort.familyReunification?.application;
    if (!application) continue;
    push(application.stage, 'familyReunification', cohort.id, undefined);
    const direct = application.directToMunicipality;
    if (direct?.to !== undefined && direct.share > 0) push(direct.to, 'familyReunification', cohort.id, undefined);
  }
  while (queue.length > 0) {
    const { key, stage: stageId, kind, cohort: cohortId, track } = queue.pop()!;
    from = key;
    const i = stageIndex.get(stageId)!;
    const stage = model.stages[i];
    const cohort = model.cohorts.find((c) => c.id === cohortId)!;
    const at = ['stages', i];
    let outcomes: (string | undefined)[] = [undefined];
    if (stage.decides === 'grant') {
      const p = cohort.grantProbability[stage.id] ?? 0;
      outcomes = grantOutcomes.filter((o) => (o === 'grant' ? p > 0 : p < 1));
    } else if (stage.decides === 'departure') {
      outcomes = departureOutcomes.filter((o) => (cohort.departure?.[o as 'forced'] ?? 0) > 0);
    } else if (stage.decides === 'track') {
      outcomes = model.tracks.map((t) => t.id).filter((t) => (cohort.trackProbabilities[t] ?? 0) > 0);
    }
    // Playbook rules may send cases finishing this stage elsewhere: those cases must be able to go on from there.
    for (const rule of model.playbook) {
      if ('route' in rule.then && rule.then.route.stage === stage.id) {
        for (const outcome of outcomes)
          push(rule.then.route.to, kind, cohortId, stage.decides === 'track' ? outcome : track);
      }
    }
    for (const outcome of outcomes) {
      const caseTrack = stage.decides === 'track' ? outcome : track;
      const situation = describe(kind, cohortId, caseTrack, outcome);
      if (stage.next === undefined) {
        const route = caseTrack ? trackById.get(caseTrack)?.route : undefined;
        const pos = route ? route.indexOf(stage.id) : -1;
        // Without "next": onward along the track's route; a track-deciding stage starts the chosen route.
        const onward = route
          ? pos >= 0
            ? route[pos + 1]
            : stage.decides === 'track'
              ? route[0]
              : undefined
          : undefined;
        if (onward === undefined) {
          const why = !route
            ? 'they have no track yet'
            : pos < 0
              ? `the route of track "${caseTrack}" does not contain this stage`
              : `this is the last stage of track "${caseTrack}"`;
          fail(
            at,
            `stage "${stage.id}" has no "next", and for ${situation} there is no stage to go on to (${why}); add "next"`,
          );
          continue;
        }
        push(onward, kind, cohortId, caseTrack);
        continue;
      }
      const branches: Branch[] = typeof stage.next === 'string' ? [{ to: stage.next, probability: 1 }] : stage.next;
      let total = 0;
      for (const b of branches) {
        if (!conditionMatches(b.when, outcome, cohortId, caseTrack, kind)) continue;
        total += b.probability;
        if (b.to !== undefined && b.probability > 0) push(b.to, kind, cohortId, caseTrack);
      }
      if (Math.abs(total - 1) > sumTolerance) {
        fail(
          [...at, 'next'],
          `for ${situation} the matching branches' probabilities sum to ${round(total)}; they must sum to 1`,
        );
      }
    }
  }
  if (reported.size === 0) checkZeroTimeLoops(model, states, report);
}

/**
 * Whether a stage's service can take no time at all: its duration has mass at (or below a millionth of a day
 * above) 0 — fixed 0, or an empirical value of 0 with a positive weight. Capacity never guarantees time: a free
 * server or a throughput budget starts service at once. Continuous durations (exponential, lognormal, gamma,
 * triangular, interpolated empirical) take positive time almost surely; the simulator guards those (simulate.ts).
 */
export function canTakeNoTime(d: Duration): boolean {
  const instant = (days: number) => days < LIMITS.minMeanDays;
  switch (d.dist) {
    case 'fixed':
      return instant(d.days);
    case 'triangular':
      return instant(d.maxDays);
    case 'empirical':
      if (d.interpolate) return d.valuesDays.every(instant);
      return d.valuesDays.some((v, i) => instant(v) && (d.weights === undefined || d.weights[i] > 0));
    default:
      return false;
  }
}

/**
 * Finds loops in the routing graph (states = stage, kind, cohort, track) whose stages can all take no time: a case
 * could go round such a loop without the clock moving, and the run would never end. One problem per loop, at the
 * routing field of its first stage in the file, naming the loop's stages in order.
 */
function checkZeroTimeLoops(
  model: ChainModel,
  states: Map<string, { stage: number; next: Set<string> }>,
  report: (path: (string | number)[], message: string) => void,
): void {
  const instant = model.stages.map((s) => canTakeNoTime(s.serviceTime));
  const keys = [...states.keys()].filter((k) => instant[states.get(k)!.stage]);
  const reportedStages = new Set<string>();
  for (const component of stronglyConnectedComponents(keys, (k) => states.get(k)!.next)) {
    const root = component[component.length - 1];
    const looping = component.length > 1 || states.get(root)!.next.has(root);
    if (!looping) continue;
    const loop = loopThrough(component, states);
    const stageIds = loop.map((k) => model.stages[states.get(k)!.stage].id);
    const signature = [...new Set(stageIds)].sort().join('|');
    if (reportedStages.has(signature)) continue;
    reportedStages.add(signature);
    const first = Math.min(...loop.map((k) => states.get(k)!.stage));
    const at = model.stages[first].next === undefined ? ['stages', first, 'serviceTime'] : ['stages', first, 'next'];
    report(
      at,
      `cases can go round ${[...stageIds, stageIds[0]].join(' → ')} without time passing: none of these stages takes time (a service time that can be 0), so the run would never end; give one of them a service time that is never 0, or route the cases out of the loop`,
    );
  }
}

/** One loop through the first state of a strongly connected component, as the states in order. */
function loopThrough(component: string[], states: Map<string, { stage: number; next: Set<string> }>): string[] {
  const members = new Set(component);
  const start = component[component.length - 1];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const next of states.get(queue[q])!.next) {
      if (!members.has(next)) continue;
      if (next === start) {
        const loop = [queue[q]];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0])!);
        return loop;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, queue[q]);
        queue.push(next);
      }
    }
  }
  return [start];
}

function millions(n: number): string {
  return String(Math.round(n / 1e5) / 10);
}

function describe(kind: string, cohort: string, track: string | undefined, outcome: string | undefined): string {
  return [
    `${kind} applications of cohort "${cohort}"`,
    track ? `on track "${track}"` : '',
    outcome ? `with outcome "${outcome}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function checkSum(
  values: Record<string, number | undefined>,
  path: (string | number)[],
  what: string,
  report: (path: (string | number)[], message: string) => void,
): void {
  const total = Object.values(values).reduce<number>((a, b) => a + (b ?? 0), 0);
  if (Math.abs(total - 1) > sumTolerance) report(path, `${what} sum to ${round(total)}; they must sum to 1`);
}

function checkSchedule(
  model: ChainModel,
  path: (string | number)[],
  schedule: Schedule | undefined,
  report: (path: (string | number)[], message: string) => void,
): void {
  if (schedule === undefined || typeof schedule === 'number') return;
  if (schedule[0].from > model.time.start) {
    report(
      [...path, 0, 'from'],
      `the first step (${schedule[0].from}) must be on or before the start date ${model.time.start}, so the value is known from day one`,
    );
  }
  schedule.forEach((step, i) => {
    if (i > 0 && step.from <= schedule[i - 1].from)
      report([...path, i, 'from'], `steps must be in date order; ${step.from} follows ${schedule[i - 1].from}`);
  });
}

/** A norm's penalty regimes and term extensions: ids, steps, periods, and no flat penalty beside regimes. */
function checkPenalties(
  norm: ChainModel['norms'][number],
  at: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  const regimes = norm.penalties ?? [];
  if (regimes.length > 0 && norm.penaltyPerDayLateEur > 0)
    report(
      [...at, 'penaltyPerDayLateEur'],
      'a norm with penalty regimes ("penalties") charges through them; set penaltyPerDayLateEur to 0 or remove the regimes',
    );
  const seen = new Map<string, number>();
  regimes.forEach((regime, j) => {
    const rat = [...at, 'penalties', j];
    const earlier = seen.get(regime.id);
    if (earlier !== undefined)
      report(
        [...rat, 'id'],
        `penalty regime id "${regime.id}" is used twice in this norm (also at penalties[${earlier}])`,
      );
    else seen.set(regime.id, j);
    checkDuration(regime.noticeDelay, [...rat, 'noticeDelay'], report);
    regime.steps.forEach((step, k) => {
      if (step.days === undefined && k < regime.steps.length - 1)
        report(
          [...rat, 'steps', k, 'days'],
          'only the last step may leave out "days" (it then runs until the cap or the decision); give the days of this step',
        );
    });
    if (regime.from !== undefined && regime.until !== undefined && regime.until <= regime.from)
      report([...rat, 'until'], `must be after from (${regime.from})`);
  });
  norm.extensions?.forEach((e, j) => {
    if (e.until !== undefined && e.until <= e.from)
      report([...at, 'extensions', j, 'until'], `must be after from (${e.from})`);
  });
}

function checkDuration(
  d: Duration | undefined,
  path: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  if (!d) return;
  if (d.dist === 'triangular' && !(d.minDays <= d.modeDays && d.modeDays <= d.maxDays && d.minDays < d.maxDays)) {
    report(
      path,
      `a triangular distribution needs minDays <= modeDays <= maxDays and minDays < maxDays (got ${d.minDays}, ${d.modeDays}, ${d.maxDays})`,
    );
  }
  if (d.dist === 'empirical' && d.weights) {
    if (d.weights.length !== d.valuesDays.length)
      report(
        [...path, 'weights'],
        `has ${d.weights.length} weights for ${d.valuesDays.length} values; give one weight per value`,
      );
    else if (d.weights.reduce((a, b) => a + b, 0) <= 0)
      report([...path, 'weights'], 'the weights must not all be zero');
  }
}

type Report = (path: (string | number)[], message: string) => void;
type StageSpecOf = ChainModel['stages'][number];

/** The application block of a cohort's family reunification: its stage is abroad, its targets exist. */
function checkApplication(
  application: NonNullable<NonNullable<ChainModel['cohorts'][number]['familyReunification']>['application']>,
  at: (string | number)[],
  stageById: Map<string, StageSpecOf>,
  stageIds: Set<string>,
  hasReception: boolean,
  report: Report,
): void {
  const appAt = [...at, 'application'];
  const stage = stageById.get(application.stage);
  if (!stage) report([...appAt, 'stage'], `unknown stage "${application.stage}"; known: ${[...stageIds].join(', ')}`);
  else if (!stage.abroad)
    report(
      [...appAt, 'stage'],
      `stage "${application.stage}" is not abroad: mark it "abroad: true" (the family waits abroad, without a bed)`,
    );
  checkDuration(application.delay, [...appAt, 'delay'], report);
  const to = application.directToMunicipality?.to;
  if (to !== undefined) {
    const target = stageById.get(to);
    if (!target)
      report([...appAt, 'directToMunicipality', 'to'], `unknown stage "${to}"; known: ${[...stageIds].join(', ')}`);
    else if (target.abroad)
      report(
        [...appAt, 'directToMunicipality', 'to'],
        `stage "${to}" is abroad; the family goes there on arrival in the country, so give a stage in the country`,
      );
    else if (hasReception && !target.location)
      report(
        [...appAt, 'directToMunicipality', 'to'],
        `stage "${to}" has no "location": a family arriving from abroad would have no bed`,
      );
  }
}

/** The new fields of an initial-state group: mixes, households, ages, the sponsor of an open application. */
function checkInitialGroup(
  stock: ChainModel['initialState'][number],
  at: (string | number)[],
  known: { stageById: Map<string, StageSpecOf>; cohortIds: Set<string>; trackIds: Set<string> },
  report: Report,
): void {
  const mix = (values: Record<string, number | undefined>, ids: Set<string>, what: string, field: string) => {
    for (const id of Object.keys(values))
      if (!ids.has(id))
        report([...at, field, id], `unknown ${what} "${id}"; known: ${[...ids].join(', ') || '(none)'}`);
    checkSum(values, [...at, field], `the ${what} shares`, report);
  };
  if (stock.cohorts) {
    if (stock.cohort !== undefined) report([...at, 'cohorts'], 'give "cohort" or a "cohorts" mix, not both');
    mix(stock.cohorts, known.cohortIds, 'cohort', 'cohorts');
  }
  if (stock.tracks) {
    if (stock.track !== undefined) report([...at, 'tracks'], 'give "track" or a "tracks" mix, not both');
    mix(stock.tracks, known.trackIds, 'track', 'tracks');
  }
  if (stock.households && stock.households.sizes.length !== stock.households.weights.length)
    report(
      [...at, 'households', 'weights'],
      `has ${stock.households.weights.length} weights for ${stock.households.sizes.length} sizes; give one weight per size`,
    );
  if (stock.households && stock.households.weights.reduce((a, b) => a + b, 0) <= 0)
    report([...at, 'households', 'weights'], 'the weights must not all be zero');
  if (stock.age) {
    checkAge(stock.age.sinceArrival, [...at, 'age', 'sinceArrival'], report);
    if (stock.age.sinceStageEntry) checkAge(stock.age.sinceStageEntry, [...at, 'age', 'sinceStageEntry'], report);
  }
  const stage = known.stageById.get(stock.stage);
  if (stage?.abroad && stock.kind !== 'familyReunification')
    report(
      [...at, 'kind'],
      `stage "${stock.stage}" is abroad: only family reunification applications wait there; give kind: familyReunification`,
    );
  if (stock.sponsorHousedShare !== undefined && !stage?.abroad)
    report(
      [...at, 'sponsorHousedShare'],
      `is for open family reunification applications at an abroad stage; stage "${stock.stage}" is not abroad`,
    );
  if (stage?.abroad && stock.granted)
    report([...at, 'granted'], 'an application abroad holds no permit yet; leave "granted" out');
}

/** A duration or a histogram of days (ascending edges, one share per range, shares summing to 1). */
export function checkAge(age: Age, path: (string | number)[], report: Report): void {
  if ('dist' in age) {
    checkDuration(age, path, report);
    return;
  }
  for (let i = 1; i < age.days.length; i++)
    if (!(age.days[i] > age.days[i - 1])) {
      report([...path, 'days', i], `the edges must increase; ${age.days[i]} follows ${age.days[i - 1]}`);
      return;
    }
  if (age.shares.length !== age.days.length - 1)
    report(
      [...path, 'shares'],
      `has ${age.shares.length} shares for ${age.days.length - 1} ranges; give one share per range (n + 1 edges for n shares)`,
    );
  else
    checkSum(Object.fromEntries(age.shares.map((v, i) => [String(i), v])), [...path, 'shares'], 'the shares', report);
}

/** Abroad stages hold no beds, and cases in the country do not go back to them. */
function checkAbroadStages(model: ChainModel, stageById: Map<string, StageSpecOf>, report: Report): void {
  model.stages.forEach((stage, i) => {
    if (stage.abroad && stage.location)
      report(
        ['stages', i, 'location'],
        `stage "${stage.id}" is abroad: nobody there has a bed; remove "location" (or "abroad")`,
      );
    const targets = typeof stage.next === 'string' ? [stage.next] : (stage.next ?? []).map((b) => b.to);
    targets.forEach((to, j) => {
      const target = to === undefined ? undefined : stageById.get(to);
      if (!target) return;
      const path = typeof stage.next === 'string' ? ['stages', i, 'next'] : ['stages', i, 'next', j, 'to'];
      if (!stage.abroad && target.abroad)
        report(
          path,
          `stage "${to}" is abroad, and cases at "${stage.id}" are in the country; only family applications start abroad (familyReunification.application, initialState)`,
        );
      if (stage.abroad && !target.abroad && model.reception && !target.location)
        report(path, `stage "${to}" has no "location": a family arriving from abroad would have no bed`);
    });
  });
}
