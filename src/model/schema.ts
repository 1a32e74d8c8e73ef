// The chain model file format: one zod schema that validates YAML model files, types the loaded model and
// generates the published JSON Schema. Every object is strict, so a misspelt field is an error, never ignored.
// Units are in the field names (`Days`, `Eur`, `PerDay`); cross-references (stage ids, cohorts) are checked in
// validate.ts, after the shape is known to be right.
import { z } from 'zod';
import { YAML_MAX_DEPTH } from '../core/yaml-source.ts';
import { METHOD_NAMES } from '../forecast/types.ts';

const idPattern = /^[a-z][a-z0-9_-]*$/;
export const Id = z
  .string()
  .regex(idPattern, 'an id starts with a lower-case letter and holds only a-z, 0-9, "-" and "_"')
  .describe('Identifier: lower-case letters, digits, "-" and "_"; starts with a letter.');

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date')
  .describe('A calendar date, YYYY-MM-DD.');

export const IsoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is written YYYY-MM')
  .describe('A calendar month, YYYY-MM.');

/**
 * The limits of a model and of a run: generous for any real chain (the Dutch one has some 100–1,000 arrivals a
 * day, ~100,000 persons in reception, ~15 stages), low enough that a run stays within a few GB of memory and a
 * finite time. docs/model.md (Limits) lists them with their reasons; the schema, the cross-checks, the loader and
 * the command-line options all check against these numbers.
 */
/** The value of an initial case's `clock.<norm id>` cell for a clock that has already stopped (initial-cases.ts). */
export const CLOCK_STOPPED = 'stopped';
/** The `location` of an initial case (initialCases) without a bed. */
export const INITIAL_OVERFLOW = 'overflow';

export const LIMITS = {
  /** Length of a run: 100 years. */
  horizonDays: 36_600,
  /** Any duration, mean duration, term or delay in days: the longest run. */
  days: 36_600,
  /** Any term or span in months: 100 years. */
  months: 1_200,
  /** The smallest mean of an exponential, lognormal or gamma duration: 10^-6 days (~0.1 s). */
  minMeanDays: 1e-6,
  /** sdDays / meanDays: below this a duration is fixed (calibrate fits it as fixed). */
  minSpread: 1e-6,
  /**
   * sdDays / meanDays of a lognormal: with σ² = ln(1 + 100²), σ ≈ 3.03; a wider lognormal puts most of its mean in
   * draws rarer than one in a million, which no run of realistic length reproduces.
   */
  maxLognormalSpread: 100,
  /**
   * sdDays / meanDays of a gamma: shape = (mean/sd)² ≥ 1/16, so the sampler's boost U^(1/shape) (U ≥ 2^-53) stays
   * ≥ 2^-848 and never underflows to an impossible 0.
   */
  maxGammaSpread: 4,
  /** Values of an empirical duration. */
  empiricalValues: 100_000,
  /** Persons per day of one kind (perDay inflow). */
  personsPerDay: 100_000,
  /** Persons per month of one kind in a monthly row or a CSV row (scale applied). */
  personsPerMonth: 3_000_000,
  /** Expected arrivals over a run plus the initial state, in persons, per replication (a case takes ~320 bytes). */
  personsPerRun: 4_000_000,
  /** Persons of the initial state, all entries together. */
  initialPersons: 1_000_000,
  /** Persons in one household, and family members that follow one granted case on average. */
  householdSize: 30,
  servers: 1_000_000,
  beds: 10_000_000,
  /** Throughput amount per period (persons or cases). */
  throughput: 10_000_000,
  fte: 1_000_000,
  /** Staff hours of one case or person at a pool stage: a working year of one FTE. */
  poolHoursPerCase: 2_000,
  /** Productive case hours of one FTE on a working day. */
  hoursPerFteDay: 24,
  /** Any amount of euros in a model field. */
  eur: 1e12,
  /** Multiplier of a stress template on the forecast, and scale of an inflow file. */
  stressMultiplier: 100,
  inflowScale: 1_000_000,
  /** Window of a playbook condition: it is summed every day, for every rule. */
  windowDays: 366,
  stages: 100,
  partners: 100,
  cohorts: 50,
  tracks: 50,
  norms: 50,
  normOverrides: 100,
  /** Penalty regimes of one norm, steps of one regime, term extensions of one norm. */
  penaltyRegimes: 20,
  penaltySteps: 100,
  normExtensions: 100,
  locations: 500,
  playbookRules: 100,
  initialStock: 1_000,
  /** Steps of one schedule. */
  scheduleSteps: 10_000,
  /** Branches of one stage's `next`: each finished service looks through them. */
  branches: 200,
  /**
   * Daily values one replication keeps (daily series × days): 40 MB, and daily.csv (one row of ~55 characters per
   * series and day) stays below the longest text JavaScript can hold (2^29 characters).
   */
  dailyValues: 5_000_000,
  /** Daily values kept over all replications of a run (and all scenarios of a comparison): 2 GB. */
  keptDailyValues: 250_000_000,
  /** KPI values kept over all replications of a run (rows of replications.csv). */
  keptKpiValues: 5_000_000,
  replications: 10_000,
  /** Replications of calibrate's validation: each keeps every simulated lead time of the log's window. */
  validationReplications: 100,
  workers: 64,
  /** Seeds are whole numbers from 0 to 2^53 − 1 (exact in a JavaScript number). */
  seed: Number.MAX_SAFE_INTEGER,
  /** Nesting of lists and mappings in a YAML file (a model needs about 8). */
  yamlDepth: YAML_MAX_DEPTH,
  /** Changes in one measure file (each is checked against every other for conflicts). */
  measureChanges: 1_000,
} as const;

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const probability = z.number().min(0).max(1).describe('A probability between 0 and 1.');
/** A number of days: 0 up to the longest run. */
const days = nonNegative.max(LIMITS.days);
const meanDays = z.number().min(LIMITS.minMeanDays).max(LIMITS.days);
const eur = nonNegative.max(LIMITS.eur);
const wholeDays = z.number().int().nonnegative().max(LIMITS.days);
const wholeMonths = z.number().int().nonnegative().max(LIMITS.months);

/** A value that changes at dates: a constant, or a list of `{from, value}` steps (the first at or before the start). */
function schedule(max?: number) {
  const value = max === undefined ? nonNegative : nonNegative.max(max);
  return z.union([
    value,
    z
      .array(z.strictObject({ from: IsoDate, value }))
      .min(1)
      .max(LIMITS.scheduleSteps)
      .describe('Steps: each value holds from its date until the next step.'),
  ]);
}
export const Schedule = schedule();
export type Schedule = z.infer<typeof Schedule>;

/** sdDays within [minSpread, maxSpread] × meanDays, reported at sdDays. */
function spread(
  dist: string,
  maxSpread: number,
): [(d: { meanDays: number; sdDays: number }) => boolean, { path: string[]; message: string }] {
  return [
    (d) => d.sdDays >= LIMITS.minSpread * d.meanDays && d.sdDays <= maxSpread * d.meanDays,
    {
      path: ['sdDays'],
      message: `a ${dist} duration needs sdDays between ${LIMITS.minSpread} × meanDays and ${maxSpread} × meanDays; for less spread use { dist: fixed }${dist === 'gamma' ? ', for more a lognormal' : ''}`,
    },
  ];
}

/** A duration distribution in days. Mean and sd are of the duration itself (not of its logarithm). */
export const Duration = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('fixed'), days }),
    z.strictObject({ dist: z.literal('exponential'), meanDays }),
    z
      .strictObject({ dist: z.literal('lognormal'), meanDays, sdDays: positive })
      .refine(...spread('lognormal', LIMITS.maxLognormalSpread)),
    z
      .strictObject({ dist: z.literal('gamma'), meanDays, sdDays: positive })
      .refine(...spread('gamma', LIMITS.maxGammaSpread)),
    z.strictObject({ dist: z.literal('triangular'), minDays: days, modeDays: days, maxDays: days }),
    z.strictObject({
      dist: z.literal('empirical'),
      valuesDays: z.array(days).min(1).max(LIMITS.empiricalValues),
      weights: z.array(nonNegative.max(1e12)).max(LIMITS.empiricalValues).optional(),
      interpolate: z
        .boolean()
        .optional()
        .describe('Draw continuously between the sorted values instead of one of them.'),
    }),
  ])
  .describe('Duration distribution in days: fixed, exponential, lognormal, gamma, triangular or empirical.');
export type Duration = z.infer<typeof Duration>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export const ApplicationKind = z.enum(['first', 'repeat', 'familyReunification']);
export type ApplicationKind = z.infer<typeof ApplicationKind>;
export const applicationKinds = ApplicationKind.options;

export const ExitReason = z.enum([
  'housed',
  'departed-independent',
  'departed-forced',
  'departed-untraced',
  'transferred',
  'other',
]);
export type ExitReason = z.infer<typeof ExitReason>;
export const exitReasons = ExitReason.options;

export const DepartureKind = z.enum(['independent', 'forced', 'untraced']);

const Time = z.strictObject({
  start: IsoDate.describe('First day of the simulation.'),
  horizonDays: z
    .number()
    .int()
    .positive()
    .max(LIMITS.horizonDays)
    .describe('Length of the run in days, warm-up included.'),
  warmupDays: wholeDays.default(0).describe('Days at the start that are simulated but left out of the statistics.'),
});

const Calendar = z.strictObject({
  workingWeekdays: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  holidays: z.enum(['nl', 'none']).default('nl').describe('Public holidays that are not working days.'),
  liberationDay: z
    .enum(['every-year', 'lustrum', 'never'])
    .default('lustrum')
    .describe('5 May as a day off: every year, only every fifth year (public-sector agreement), or never.'),
  goodFriday: z.boolean().default(false),
  extraHolidays: z.array(IsoDate).default([]),
});

const HouseholdSize = z.strictObject({
  sizes: z
    .array(z.number().int().min(1).max(LIMITS.householdSize))
    .min(1)
    .max(LIMITS.householdSize)
    .describe('Household sizes in persons.'),
  weights: z
    .array(nonNegative.max(1e12))
    .min(1)
    .max(LIMITS.householdSize)
    .describe('Relative frequency of each size (of households, not persons).'),
});

/** Family reunification as a process: an application (nareis) abroad, decided before the family travels. */
const FamilyApplication = z.strictObject({
  stage: Id.describe('The stage (marked abroad: true) where the family’s application waits and is decided.'),
  delay: Duration.describe('Time from the sponsor’s grant to the filing of the family’s application.'),
  directToMunicipality: z
    .strictObject({
      share: probability.describe('Chance that a family whose sponsor is already housed goes there directly.'),
      to: Id.optional().describe('Stage they go to instead of their next stage.'),
      exit: ExitReason.optional().describe('Or: they leave the chain at once for this reason (e.g. housed).'),
    })
    .refine((d) => (d.to === undefined) !== (d.exit === undefined), {
      message: 'give either "to" (a stage) or "exit" (a reason), not both and not neither',
    })
    .optional(),
  sponsorHousedExits: z
    .array(ExitReason)
    .min(1)
    .optional()
    .describe('Exit reasons that count as the sponsor being housed (default: [housed]).'),
});

const FamilyReunification = z.strictObject({
  membersPerGrantedCase: nonNegative
    .max(LIMITS.householdSize)
    .describe('Mean number of family members who follow a granted case (Poisson); they arrive later as one household.'),
  delay: Duration.optional().describe('Time from the grant to the family members’ arrival (without "application").'),
  application: FamilyApplication.optional().describe(
    'Family reunification as a process: the family files an application abroad (nareis) and travels when granted.',
  ),
  childShare: probability.optional().describe('Share of children among them (default: the cohort’s).'),
  fromKinds: z
    .array(z.enum(['first', 'repeat']))
    .default(['first', 'repeat'])
    .describe('Grants of these kinds bring family members (family members themselves bring none).'),
});

const Cohort = z.strictObject({
  id: Id,
  label: z.string().optional(),
  shareOfInflow: z
    .union([probability, z.partialRecord(ApplicationKind, probability)])
    .optional()
    .describe('Share of the inflow in this cohort, one share for all kinds or one per kind.'),
  childShare: probability.default(0).describe('Share of persons that are minors.'),
  householdSize: HouseholdSize.optional(),
  trackProbabilities: z.record(Id, probability).default({}).describe('Chance of each track, keyed by track id.'),
  grantProbability: z
    .record(Id, probability)
    .default({})
    .describe('Chance of a grant at each decision stage, keyed by stage id.'),
  departure: z
    .partialRecord(DepartureKind, probability)
    .optional()
    .describe('After a final rejection: shares of independent, forced and untraced departure.'),
  familyReunification: FamilyReunification.optional(),
});
export type Cohort = z.infer<typeof Cohort>;

const ServersCapacity = z.strictObject({
  servers: schedule(LIMITS.servers).describe(
    'Number of cases served at once (staff, rooms, slots); a staffing plan by date.',
  ),
});
const ThroughputCapacity = z.strictObject({
  throughput: z.strictObject({
    amount: schedule(LIMITS.throughput).describe('How many may finish waiting per period; a plan by date.'),
    per: z.enum(['day', 'week', 'month', 'halfYear', 'year']),
    unit: z.enum(['persons', 'cases']).default('persons'),
    realisationShare: schedule(1)
      .optional()
      .describe(
        "A target with arrears (per: halfYear): the share of each half-year's target plus arrears that is realised; the rest is carried into the next half year as arrears.",
      ),
    arrearsAtStart: nonNegative
      .max(LIMITS.throughput)
      .optional()
      .describe('Arrears carried into the first half year of the run (with realisationShare).'),
    targetFromPermits: z
      .strictObject({
        from: IsoDate.describe('The first day of the first half year whose target follows from the permits.'),
      })
      .optional()
      .describe(
        "From this half year on, each half year's target is the number of persons granted a permit in the chain in the half year before (instead of amount).",
      ),
  }),
});
/** Productive case hours of one case or person at a pool stage: up to a working year of one FTE. */
const poolHours = positive.max(LIMITS.poolHoursPerCase);
const PoolCapacity = z
  .strictObject({
    pool: Id.describe('The staff pool (an id from staffPools) whose hours this stage uses.'),
    hoursPerCase: poolHours.optional().describe('Staff hours one case (household) takes at this stage.'),
    hoursPerPerson: poolHours.optional().describe('Staff hours one person takes at this stage (instead of per case).'),
  })
  .refine((c) => (c.hoursPerCase === undefined) !== (c.hoursPerPerson === undefined), {
    message: 'give exactly one of "hoursPerCase" or "hoursPerPerson": the staff hours a case (or a person) takes',
  });
const UnlimitedCapacity = z.literal('unlimited').describe('No queue: everyone is served at once (a pure delay).');
export const Capacity = z.union([ServersCapacity, ThroughputCapacity, PoolCapacity, UnlimitedCapacity]);
export type Capacity = z.infer<typeof Capacity>;

const Queue = z.union([
  z.literal('fifo'),
  z.strictObject({ edf: Id.describe('Earliest deadline first, by the deadline of this end-to-end norm.') }),
  z.strictObject({
    priority: z.strictObject({
      by: z.enum(['track', 'cohort', 'kind']),
      order: z.array(z.string().min(1)).min(1).describe('Served first to last; values not listed come after, FIFO.'),
    }),
  }),
]);

const Condition = z.strictObject({
  outcome: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Outcome drawn at this stage (grant/reject, a track, a departure kind).'),
  cohort: z.array(Id).min(1).optional(),
  track: z.array(Id).min(1).optional(),
  kind: z.array(ApplicationKind).min(1).optional(),
});
export type Condition = z.infer<typeof Condition>;

const Branch = z
  .strictObject({
    to: Id.optional().describe('Next stage.'),
    exit: ExitReason.optional().describe('Leave the chain for this reason.'),
    when: Condition.optional(),
    probability: probability.default(1),
  })
  .refine((b) => (b.to === undefined) !== (b.exit === undefined), {
    message: 'a branch has either "to" (a stage) or "exit" (a reason), not both and not neither',
  });
export type Branch = z.infer<typeof Branch>;

const TermLength = {
  days: z.number().positive().max(LIMITS.days).optional(),
  months: z.number().int().positive().max(LIMITS.months).optional(),
};
const termRefinement = [
  (n: { days?: number; months?: number }) => (n.days === undefined) !== (n.months === undefined),
  { message: 'a norm has exactly one of "days" or "months"' },
] as const;

const StageNorm = z
  .strictObject({
    ...TermLength,
    calendar: z.enum(['calendar', 'working']).default('calendar'),
    penaltyPerDayLateEur: eur.default(0),
    penaltyMaxEur: eur.optional(),
  })
  .refine(...termRefinement);

const Staff = z.strictObject({
  ftePerServer: nonNegative.max(1_000).optional().describe('FTE behind each server (for servers capacity).'),
  fte: schedule(LIMITS.fte).optional().describe('FTE at the stage, when not derived from servers.'),
  costPerFteYearEur: eur,
});

export const Stage = z.strictObject({
  id: Id,
  label: z.string().optional(),
  partner: Id.describe('Owning chain partner (an id from partners).'),
  capacity: Capacity.default('unlimited'),
  workingDaysOnly: z
    .boolean()
    .default(false)
    .describe('Work (service time and throughput release) happens on working days of the calendar only.'),
  serviceTime: Duration.default({ dist: 'fixed', days: 0 }),
  queue: Queue.default('fifo'),
  decides: z
    .enum(['grant', 'track', 'departure'])
    .optional()
    .describe('Draws an outcome from the cohort at the end of service: grant/reject, a track, or a departure kind.'),
  next: z
    .union([Id, z.array(Branch).min(1).max(LIMITS.branches)])
    .optional()
    .describe('Where cases go next; omitted: the next stage on the case’s track route.'),
  location: z
    .array(Id)
    .min(1)
    .optional()
    .describe('Reception locations for persons at this stage, in order of preference; omitted: stay where they are.'),
  norm: StageNorm.optional(),
  staff: Staff.optional(),
  abroad: z
    .boolean()
    .optional()
    .describe(
      'Cases at this stage are abroad (a family reunification application, the journey): no bed, not in the chain.',
    ),
});
export type Stage = z.infer<typeof Stage>;

const Track = z.strictObject({
  id: Id,
  label: z.string().optional(),
  route: z
    .array(Id)
    .min(1)
    .max(LIMITS.stages)
    .describe('Stages of this track in order, starting with its first stage.'),
});

const NormEndpoint = z.strictObject({
  stages: z.array(Id).min(1),
  event: z.enum(['enter', 'start', 'end']).default('end').describe('Entering the queue, start of service, or end.'),
});

const PenaltyStep = z.strictObject({
  days: z
    .number()
    .int()
    .positive()
    .max(LIMITS.days)
    .optional()
    .describe('Penalty days at this rate; omitted on the last step: the rate holds until the cap or the decision.'),
  perDayEur: eur.describe('Penalty per day of this step (EUR).'),
});

const PenaltyRegime = z.strictObject({
  id: Id,
  label: z.string().optional(),
  noticeShare: probability.describe('Share of the late cases that give notice of default under this regime.'),
  noticeDelay: Duration.default({ dist: 'fixed', days: 0 }).describe(
    'Days from the deadline to the notice of default.',
  ),
  graceDays: days.default(14).describe('Days from the notice until the penalty runs (Awb art. 4:17: two weeks).'),
  steps: z
    .array(PenaltyStep)
    .min(1, 'give at least one step ({ days, perDayEur })')
    .max(LIMITS.penaltySteps)
    .describe('The daily penalty in steps, in order from the first penalty day.'),
  maxPerCaseEur: eur.describe('Cap on the penalty of one case under this regime (EUR).'),
  from: IsoDate.optional().describe('First day the regime charges penalty days (inclusive).'),
  until: IsoDate.optional().describe(
    'Day from which the regime charges nothing and takes no notices (exclusive); omitted: open-ended.',
  ),
});

const TermExtension = z
  .strictObject({
    from: IsoDate.describe('The extension covers clocks whose deadline falls on or after this day.'),
    until: IsoDate.optional().describe('…and that started before this day (exclusive); omitted: open-ended.'),
    addMonths: z.number().int().positive().max(LIMITS.months).optional(),
    addDays: z.number().positive().max(LIMITS.days).optional(),
  })
  .refine((e) => (e.addMonths === undefined) !== (e.addDays === undefined), {
    message: 'an extension has exactly one of "addMonths" or "addDays"',
  });

const ChainNorm = z
  .strictObject({
    id: Id,
    label: z.string().optional(),
    from: z
      .union([z.literal('arrival'), NormEndpoint])
      .default('arrival')
      .describe('When the clock starts: the arrival in the chain, or an event at one of the stages.'),
    to: NormEndpoint.describe('When the clock stops: the first of these events.'),
    ...TermLength,
    calendar: z.enum(['calendar', 'working']).default('calendar'),
    kinds: z.array(ApplicationKind).default(['first', 'repeat', 'familyReunification']),
    penaltyPerDayLateEur: eur.default(0),
    penaltyMaxEur: eur.optional(),
    overrides: z
      .array(
        z
          .strictObject({
            startedFrom: IsoDate,
            startedBefore: IsoDate,
            ...TermLength,
          })
          .refine(...termRefinement),
      )
      .max(LIMITS.normOverrides)
      .default([])
      .describe('Another term for cases whose clock started in a period (e.g. a statutory extension).'),
    penalties: z
      .array(PenaltyRegime)
      .max(LIMITS.penaltyRegimes)
      .optional()
      .describe('Penalty regimes for late decisions: notice of default, then a stepped daily penalty up to a cap.'),
    extensions: z
      .array(TermExtension)
      .max(LIMITS.normExtensions)
      .optional()
      .describe('Dated extensions of the term: they lengthen the deadline of clocks it covers.'),
  })
  .refine(...termRefinement);
export type ChainNorm = z.infer<typeof ChainNorm>;
export type PenaltyRegime = z.infer<typeof PenaltyRegime>;
export type TermExtension = z.infer<typeof TermExtension>;

const LocationType = z.enum(['central', 'regular', 'emergency', 'gvl', 'crisis', 'other']);
const Location = z.strictObject({
  id: Id,
  label: z.string().optional(),
  type: LocationType,
  beds: schedule(LIMITS.beds).describe('Beds (persons) available, by date.'),
  costPerOccupiedBedDayEur: eur,
  costPerEmptyBedDayEur: eur.default(0),
});

const Reception = z.strictObject({
  locations: z.array(Location).min(1).max(LIMITS.locations),
  overflowCostPerPersonDayEur: eur.describe(
    'Cost of a person without a regular bed (crisis rate); overflow is counted, never lost.',
  ),
  moveUpWhenBedFrees: z
    .boolean()
    .default(true)
    .describe('Move persons from a less to a more preferred location when a bed frees there.'),
  costPerMoveEur: eur.default(0),
});

const personsPerMonth = nonNegative.max(LIMITS.personsPerMonth);
const MonthlyRow = z.strictObject({
  month: IsoMonth,
  cohort: Id.optional().describe(
    'Cohort of these persons; omitted: split over the cohorts by shareOfInflow. Either every row names its cohort or none does.',
  ),
  first: personsPerMonth.optional(),
  repeat: personsPerMonth.optional(),
  familyReunification: personsPerMonth.optional(),
});

const InflowFile = z.strictObject({
  path: z.string().min(1).describe('CSV file, relative to the model file; lines starting with # are comments.'),
  monthColumn: z.string().default('month'),
  columns: z
    .partialRecord(ApplicationKind, z.string())
    .describe('Which CSV column holds the persons of each kind per month.'),
  cohortColumn: z
    .string()
    .optional()
    .describe('Column with the cohort id; without it, cohorts split by shareOfInflow.'),
  scale: positive
    .max(LIMITS.inflowScale)
    .default(1)
    .describe('Multiply every count (e.g. 1000 for a file in thousands).'),
});

const multiplier = nonNegative.max(LIMITS.stressMultiplier);
const Stress = z
  .union([
    z.strictObject({
      from: IsoMonth,
      multipliers: z.array(multiplier).min(1).max(LIMITS.months).describe('One multiplier per month from "from".'),
    }),
    z.strictObject({
      from: IsoMonth,
      surge: z.strictObject({
        peak: positive
          .max(LIMITS.stressMultiplier)
          .describe('Multiplier at the top of the surge, e.g. 3 for three times the forecast.'),
        rampMonths: wholeMonths,
        holdMonths: wholeMonths,
        decayMonths: wholeMonths,
      }),
    }),
    z.strictObject({
      from: IsoMonth,
      stop: z.strictObject({
        depth: multiplier.describe('Multiplier during the stop, e.g. 0.3 keeps 30% of the forecast.'),
        holdMonths: wholeMonths,
        recoveryMonths: wholeMonths,
      }),
    }),
  ])
  .describe('A stress template on the forecast months: explicit multipliers, a surge or a sudden stop.');

const InflowForecast = z.strictObject({
  path: z.string().min(1).describe('CSV file with the monthly history, relative to the model file.'),
  monthColumn: z.string().default('month'),
  columns: z
    .partialRecord(ApplicationKind, z.string())
    .describe('Which CSV column holds the persons of each kind per month.'),
  scale: positive
    .max(LIMITS.inflowScale)
    .default(1)
    .describe('Multiply every count (e.g. 1000 for a file in thousands).'),
  method: z
    .enum([...METHOD_NAMES, 'auto'])
    .default('combination')
    .describe('Forecasting method (see docs/forecast.md); auto chooses by backtest.'),
  historyFrom: IsoMonth.optional().describe('Use the history from this month on (a series break).'),
  stress: z.array(Stress).max(100).default([]).describe('Stress templates applied to every sample path, in order.'),
});

const Inflow = z.strictObject({
  entry: z.partialRecord(ApplicationKind, Id).describe('First stage of each kind of application.'),
  process: z
    .enum(['poisson', 'exact'])
    .default('poisson')
    .describe('poisson: a month’s count is the expected number; exact: exactly that many persons arrive.'),
  monthly: z.array(MonthlyRow).min(1).optional().describe('Persons arriving per month.'),
  file: InflowFile.optional(),
  perDay: z
    .partialRecord(ApplicationKind, nonNegative.max(LIMITS.personsPerDay))
    .optional()
    .describe('A constant Poisson arrival rate of persons per day (textbook models).'),
  forecast: InflowForecast.optional().describe(
    'Observed months from a CSV file, then a forecast: each replication draws its own sample path.',
  ),
  afterLastMonth: z
    .enum(['error', 'repeat-last-year', 'hold-last', 'zero'])
    .default('error')
    .describe('What arrives after the series ends.'),
});

/** Days since an event, for the cases of an initial-state group: a duration, or a histogram of day ranges. */
const AgeHistogram = z
  .strictObject({
    days: z
      .array(days)
      .min(2)
      .max(LIMITS.empiricalValues)
      .describe('Edges of the day ranges, ascending: n + 1 edges for n ranges.'),
    shares: z.array(probability).min(1).max(LIMITS.empiricalValues).describe('Share of the cases in each range.'),
  })
  .describe('Piecewise uniform: a range is drawn by its share, the days uniformly within it.');
export type AgeHistogram = z.infer<typeof AgeHistogram>;
const Age = z.union([Duration, AgeHistogram]);
export type Age = z.infer<typeof Age>;

const InitialStock = z.strictObject({
  stage: Id.describe('Stage the persons are in (waiting) at the start.'),
  persons: z.number().int().nonnegative().max(LIMITS.initialPersons),
  kind: ApplicationKind.default('first'),
  cohort: Id.optional().describe("Cohort of these persons; omitted: drawn from the cohorts' shares of the kind."),
  granted: z.boolean().default(false).describe('They hold a permit (e.g. permit holders waiting for housing).'),
  track: Id.optional(),
  households: HouseholdSize.optional().describe(
    'Household sizes (sizes, weights of households): the persons are split into households; the last is cut to fit.',
  ),
  cohorts: z
    .record(Id, probability)
    .optional()
    .describe('Cohort mix (cohort id → share of households), instead of "cohort".'),
  tracks: z
    .record(Id, probability)
    .optional()
    .describe('Track mix (track id → share of households), instead of "track".'),
  age: z
    .strictObject({
      sinceArrival: Age.describe('Days since the arrival in the chain, per household.'),
      sinceStageEntry: Age.optional().describe(
        'Days since entering the stage (at most the days since arrival); default: since arrival at the entry stage of the kind, else 0.',
      ),
    })
    .optional()
    .describe('The history of the cases: their norm clocks, deadlines and lead times run on from it.'),
  sponsorHousedShare: probability
    .optional()
    .describe('For open family reunification applications (an abroad stage): chance that the sponsor is housed.'),
});

const Bounds = {
  atLeast: nonNegative.max(1e12).optional(),
  atMost: nonNegative.max(1e12).optional(),
};
const bounded = [
  (c: { atLeast?: number; atMost?: number }) => c.atLeast !== undefined || c.atMost !== undefined,
  { message: 'give "atLeast" or "atMost" (or both)' },
] as const;

const windowDays = z.number().int().positive().max(LIMITS.windowDays);
const RuleCondition = z
  .strictObject({
    occupancy: z
      .strictObject({ locations: z.array(Id).min(1), ...Bounds })
      .refine(...bounded)
      .optional()
      .describe(
        'Share of the beds of these locations in use, persons without a bed counted as in use (e.g. atLeast: 0.95).',
      ),
    backlog: z
      .strictObject({ stage: Id, ...Bounds })
      .refine(...bounded)
      .optional()
      .describe('Persons waiting at a stage.'),
    inflow: z
      .strictObject({ windowDays, ...Bounds })
      .refine(...bounded)
      .optional()
      .describe('Persons who arrived in the last windowDays days.'),
    waiting: z
      .strictObject({ stage: Id, windowDays, atLeastDays: days.optional(), atMostDays: days.optional() })
      .refine((c) => c.atLeastDays !== undefined || c.atMostDays !== undefined, {
        message: 'give "atLeastDays" or "atMostDays"',
      })
      .optional()
      .describe('Mean waiting time of the cases whose service at the stage started in the last windowDays days.'),
    overflow: z
      .strictObject(Bounds)
      .refine(...bounded)
      .optional()
      .describe('Persons without a bed.'),
    date: z
      .strictObject({ from: IsoDate.optional(), until: IsoDate.optional() })
      .optional()
      .describe('Only from / until these dates.'),
  })
  .describe('All given conditions must hold (they are checked at the start of every day).');

const RuleAction = z.union([
  z.strictObject({
    beds: z.strictObject({
      location: Id,
      add: z.number().int().min(-LIMITS.beds).max(LIMITS.beds).describe('Beds to open (negative: to close).'),
    }),
  }),
  z.strictObject({
    servers: z.strictObject({
      stage: Id,
      add: z
        .number()
        .int()
        .min(-LIMITS.servers)
        .max(LIMITS.servers)
        .describe('Servers (staff) to add (negative: to remove).'),
    }),
  }),
  z.strictObject({
    poolFte: z.strictObject({
      pool: Id.describe('The staff pool (an id from staffPools).'),
      add: z
        .number()
        .finite()
        .min(-LIMITS.fte)
        .max(LIMITS.fte)
        .describe('FTE to add to the pool (negative: to remove).'),
    }),
  }),
  z.strictObject({
    route: z.strictObject({
      stage: Id.describe('Cases finishing this stage …'),
      to: Id.describe('… go to this stage instead of their usual next stage …'),
      share: probability.describe('… with this probability, while the change is in effect.'),
    }),
  }),
]);

const PlaybookRule = z.strictObject({
  id: Id,
  label: z.string().optional(),
  when: RuleCondition,
  then: RuleAction,
  leadTimeDays: wholeDays.default(0).describe('Days from the decision until the action takes effect.'),
  minimumDurationDays: wholeDays
    .default(0)
    .describe(
      'The change stays at least this long: no rule reverses it (acts on the same target the other way) before.',
    ),
  durationDays: z
    .number()
    .int()
    .positive()
    .max(LIMITS.days)
    .optional()
    .describe('The change is undone automatically after this many days.'),
  cooldownDays: z
    .number()
    .int()
    .positive()
    .max(LIMITS.days)
    .optional()
    .describe('The rule may act again this many days after it took effect; omitted: once.'),
  costs: z
    .strictObject({
      atEffectEur: eur.default(0).describe('One-off cost when the change takes effect (opening or closing).'),
      atUndoEur: eur.default(0).describe('One-off cost when a change with durationDays is undone.'),
      perDayEur: eur.default(0).describe('Cost per day while the change is in effect (standby, friction).'),
    })
    .prefault({}),
});
export type PlaybookRule = z.infer<typeof PlaybookRule>;

const Partner = z.strictObject({ id: Id, label: z.string().optional() });

/** How a staff pool divides its hours over its stages: the rule's own fields, with `from` for a dated entry. */
function poolDivision<T extends z.ZodRawShape>(extra: T) {
  return z.discriminatedUnion('rule', [
    z.strictObject({
      rule: z.literal('priority'),
      order: z.array(Id).min(1).max(LIMITS.stages).describe('The pool stages, first served first.'),
      ...extra,
    }),
    z.strictObject({
      rule: z.literal('shares'),
      shares: z.record(Id, probability).describe('Share of the hours of each pool stage (summing to 1).'),
      ...extra,
    }),
    z.strictObject({ rule: z.literal('backlog'), ...extra }),
  ]);
}
const PoolDivision = z
  .union([
    poolDivision({}),
    z
      .array(poolDivision({ from: IsoDate.describe('The rule holds from this date until the next entry.') }))
      .min(1)
      .max(LIMITS.scheduleSteps),
  ])
  .describe(
    'How the hours are divided over the stages each working day: priority order, fixed shares or in proportion to the backlogs; one rule, or a list of dated rules.',
  );
export type PoolDivision = z.infer<typeof PoolDivision>;

const StaffPool = z.strictObject({
  id: Id,
  label: z.string().optional(),
  partner: Id.describe('The partner whose staff this is (an id from partners); it serves that partner’s stages.'),
  fte: schedule(LIMITS.fte).describe('FTE in the pool, by date.'),
  hoursPerFteDay: positive
    .max(LIMITS.hoursPerFteDay)
    .describe('Productive case hours of one FTE on a working day (after leave, training, overhead).'),
  costPerFteYearEur: eur.default(0).describe('Yearly cost of one FTE (staff costs).'),
  division: PoolDivision,
});
export type StaffPoolSpec = z.infer<typeof StaffPool>;

export const ChainModel = z.strictObject({
  doorstroom: z.literal(1).describe('Model format version.'),
  name: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(z.string()).default([]).describe('Where the numbers in this file come from.'),
  seed: z.number().int().nonnegative().max(LIMITS.seed).default(1),
  time: Time,
  calendar: Calendar.prefault({}),
  partners: z.array(Partner).min(1).max(LIMITS.partners),
  cohorts: z.array(Cohort).min(1).max(LIMITS.cohorts),
  inflow: Inflow,
  stages: z.array(Stage).min(1).max(LIMITS.stages),
  staffPools: z
    .array(StaffPool)
    .max(LIMITS.stages)
    .optional()
    .describe('Staff shared by several stages of a partner, with the rule that divides their hours.'),
  tracks: z.array(Track).max(LIMITS.tracks).default([]),
  norms: z.array(ChainNorm).max(LIMITS.norms).default([]),
  reception: Reception.optional(),
  playbook: z
    .array(PlaybookRule)
    .max(LIMITS.playbookRules)
    .default([])
    .describe('Rules that change capacity during the run when conditions hold (draaiboek).'),
  initialState: z
    .array(InitialStock)
    .max(LIMITS.initialStock)
    .default([])
    .describe('Persons already in the chain at the start (households of one, queued in stage order, no history).'),
  initialCases: z
    .strictObject({
      path: z.string().min(1).describe('CSV file relative to the model file: one row per open case.'),
    })
    .optional()
    .describe(
      'Open cases at the start, one row each (stage, persons, kind, cohort, track, dates), e.g. from an event log.',
    ),
});
export type ChainModel = z.infer<typeof ChainModel>;
export type ChainModelInput = z.input<typeof ChainModel>;
export type StageSpec = ChainModel['stages'][number];
export type LocationSpec = NonNullable<ChainModel['reception']>['locations'][number];
export type TrackSpec = ChainModel['tracks'][number];

/** The JSON Schema of model files, for editors (`doorstroom schema > model.schema.json`). */
export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ChainModel, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'doorstroom chain model',
  };
}
