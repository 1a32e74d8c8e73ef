// The shape of the monitor's figures: the options of a run, and one interface per family of figures, gathered
// in MonitorResult.
import type { CompiledChain } from '../../sim/chain/compile.ts';

export const GROUP_BY = ['track', 'cohort', 'location', 'partner'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Horizons of the breach outlook, in days (1, 4 and 8 weeks). */
export const BREACH_HORIZONS_DAYS = [7, 28, 56] as const;

/**
 * The most weeks of the weekly table (stock, entries, completions, utilisation per stage): the last 1,044 weeks
 * (20 years) of the window. Every other figure covers the whole window; this bound keeps the monitor's memory
 * a matter of the events, not of the span of their dates or of --from and --to.
 */
export const MAX_WEEKLY_WEEKS = 1044;

export interface MonitorOptions {
  /** Start of the measured window, days since 1970-01-01 (default: the first event's day). */
  fromDay?: number;
  /** End of the window (exclusive) and the "now" of open cases (default: the day after the last event). */
  toDay?: number;
  by?: GroupBy;
  /** The chain model compiled: norms, calendar, capacities, labels and kinds. */
  chain?: CompiledChain;
}

export interface Distribution {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  max: number;
}

export interface StageLeadTimes {
  stage: string;
  label: string;
  partner: string;
  /** '' for all cases, else the value of the --by attribute ('(none)' when not recorded). */
  group: string;
  completed: number;
  completedPersons: number;
  waiting: Distribution;
  processing: Distribution;
  total: Distribution;
  /** Share of completed visits within the stage's norm; NaN without a norm. */
  withinNorm: number;
}

export interface EndToEnd {
  /** 'all' or the exit activity (exit:housed …). */
  exit: string;
  leadTime: Distribution;
}

export interface NormFigures {
  id: string;
  label: string;
  scope: 'stage' | 'chain';
  termDays: number;
  termMonths: number;
  working: boolean;
  group: string;
  /** Clocks that stopped in the window, and how many within the term. */
  measured: number;
  withinNorm: number;
  withinShare: number;
  leadTime: Distribution;
  /** Clocks running at `now`: all, and past their deadline. */
  open: number;
  openPastDeadline: number;
}

export interface OpenAtStage {
  stage: string;
  label: string;
  group: string;
  cases: number;
  persons: number;
  /** Of them, with a start of service recorded. */
  inService: number;
  /** Days since entering the stage, for the open cases whose entry is known. */
  age: Distribution;
}

export interface WeeklyStageRow {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  stage: string;
  /** Persons in the stage at the end of the week (or of the window), and in service then. */
  stockEnd: number;
  inServiceEnd: number;
  /** Mean persons in the stage over the week's days in the window. */
  stockMean: number;
  enteredCases: number;
  enteredPersons: number;
  completedCases: number;
  completedPersons: number;
  /** Busy share of the capacity: servers busy / servers, or starts / quota; NaN when not known. */
  utilisation: number;
}

export interface BreachOutlook {
  id: string;
  scope: 'stage' | 'chain';
  /** Open clocks whose deadline has passed at `now`. */
  overdue: number;
  /** Open clocks whose deadline falls after now and within 7, 28 and 56 days: they breach if nothing changes. */
  within: number[];
}

export interface Bottleneck {
  rank: number;
  stage: string;
  label: string;
  /** Person-days of waiting in the window (from entry to start, or to now while waiting). */
  waitingPersonDays: number;
  waitingShare: number;
  waitingP90Days: number;
  stockStart: number;
  stockEnd: number;
  /** Least-squares slope of the weekly end-of-week stock, persons per week. */
  stockTrendPerWeek: number;
  utilisation: number;
  growing: boolean;
}

export interface MovesFigures {
  /** Cases that left the chain in the window (not carried over), their persons and children. */
  exitedCases: number;
  exitedPersons: number;
  exitedChildren: number;
  perPerson: number;
  perChild: number;
}

export interface HousingFigures {
  /** Permit holders (a grant recorded) still in the chain at `now`. */
  waitingCases: number;
  waitingPersons: number;
  /** Days since the grant. */
  waitingDays: Distribution;
  /** Waiting permit holders at a stage whose norm they have exceeded. */
  pastStageNorm: number;
  /** Cases housed (exit:housed) in the window: days from grant to housing. */
  housedCases: number;
  grantToHoused: Distribution;
}

export interface MonitorResult {
  /** First and last day of the window (both included); fromDay and toDay (exclusive) as day numbers. */
  window: { from: string; to: string; fromDay: number; toDay: number };
  log: {
    events: number;
    cases: number;
    visits: number;
    carriedOverCases: number;
    unknownActivities: { activity: string; events: number }[];
    repeatedTransitions: number;
  };
  by: GroupBy | null;
  stages: StageLeadTimes[];
  endToEnd: EndToEnd[];
  norms: NormFigures[];
  open: OpenAtStage[];
  weekly: WeeklyStageRow[];
  breaches: BreachOutlook[];
  bottlenecks: Bottleneck[];
  moves: MovesFigures;
  housing: HousingFigures;
  /** What a reader must know to read the figures (e.g. that the weekly table covers only the window's last weeks). */
  notes: string[];
}
