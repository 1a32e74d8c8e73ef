// The placement's public shapes: municipalities and households in, options, and the placement out with its solve
// report, outcomes per municipality and subgroup, the explanation of shortfalls and the price of fairness.
import type { Highs } from 'highs';
import type { SolveStatus } from '../lp.ts';
import type { Household } from '../../data/placement-input.ts';

export type { Household };

/** A point given either as latitude/longitude (degrees, WGS84) or as planar coordinates in kilometres. */
export interface Coordinates {
  lat?: number;
  lon?: number;
  /** Planar easting in km (e.g. RD New metres / 1000); used when lat/lon are absent. */
  x?: number;
  /** Planar northing in km. */
  y?: number;
}

/** A municipality that receives permit holders. */
export interface Municipality extends Coordinates {
  /** CBS code, e.g. `GM0363`; unique. */
  code: string;
  name: string;
  province: string;
  /** The housing target (taakstelling) for the period, in persons. */
  targetPersons: number;
  /** Dwellings available for the period by household size (persons → units); absent sizes are not limited. */
  housingStock?: Record<number, number>;
  /** Labour demand per profile (e.g. vacancies per 1,000 of the labour force); the default match score. */
  labourDemand?: Record<string, number>;
}

/** A fairness requirement: every subgroup's mean distance per person stays near the overall mean. */
export interface FairnessOptions {
  /** The subgroup of a household, e.g. `(h) => (h.children > 0 ? 'children' : 'none')`. */
  group: (household: Household) => string;
  /** Largest allowed |group mean − overall mean| of the distance per person, km (default 10). */
  maxGapKm?: number;
}

/** Options of {@link placeHouseholds}. */
export interface PlacementOptions {
  /** Objective weight of one km travelled by one person (default 1). */
  distanceWeight?: number;
  /** Objective weight of one unit of match score per household (default 0: distance only). */
  matchWeight?: number;
  /** Match score of a household profile in a municipality (default: `municipality.labourDemand[profile]`, else 0). */
  matchScore?: (profile: string | undefined, municipality: Municipality) => number;
  /** Only municipalities within this distance (km) of a household's origin are considered. */
  keepNear?: number;
  fairness?: FairnessOptions;
  /** Persons a municipality may receive above its target (default: largest household size − 1). */
  overshootAllowance?: number;
  /** Objective cost of one person of shortfall or of overshoot beyond the allowance (default: automatic, see docs). */
  shortfallPenalty?: number;
  /** Relative MIP gap at which the solve stops (default 0.001 = 0.1%). */
  mipGap?: number;
  /** Wall-clock limit of each MIP solve, seconds (default 60). */
  timeLimitSeconds?: number;
  /** Called as each step of the solve starts (step 1 to PLACEMENT_STEPS, and what it does): for a progress bar. */
  onStep?: (step: number, label: string) => void;
  /** Distance (km) for the share of persons placed within it in the subgroup report (default 50). */
  withinKm?: number;
  /** Aggregate interchangeable households into types (default true); false gives one type per household. */
  aggregate?: boolean;
  /** Also report the LP relaxation's shadow prices (default true). */
  shadowPrices?: boolean;
  /**
   * Column generation and reduced-cost pruning (default true); false solves the MIP over every allowed pair
   * directly, then its LP relaxation — the same optimum, slower beyond a few thousand pairs.
   */
  pricing?: boolean;
  /** A HiGHS runtime to use (default: loaded once and shared). */
  highs?: Highs;
}

/** Households that are interchangeable for the model: same size, origin, profile (and fairness group). */
export interface HouseholdType {
  key: string;
  persons: number;
  origin: string;
  profile?: string;
  /** Fairness group, when fairness is asked for. */
  group?: string;
  /** Ids of its households, in input order. */
  householdIds: string[];
}

/**
 * How a solve ended: `optimal` — within `mipGap` of the proven bound; `time-limit` — stopped by the time limit
 * with the best placement so far; `feasible` — a placement, but the gap not proven (the MIP's pair cap bound it).
 */
export type PlacementStatus = 'optimal' | 'time-limit' | 'feasible' | 'infeasible' | 'unbounded' | 'error';

/** How the MIP solve went. */
export interface SolveReport {
  status: PlacementStatus;
  /** HiGHS's status of its last MIP run (`optimal` also when the rounded LP needed no MIP run). */
  highsStatus: string;
  /** Objective of the placement found (penalties included). */
  objective: number;
  /** Best proven lower bound on the objective of any placement. */
  bound: number;
  /**
   * (objective − bound) / the placement's own cost (Σ |cost| of the households placed, at least 1): measured
   * without the penalties, which would otherwise make a placement with unavoidable shortfalls look closer to
   * optimal than it is.
   */
  gap: number;
  /** HiGHS MIP runs made: 0 when the placement rounded from the LP was already within the gap. */
  mipRuns: number;
  /** Seconds in HiGHS's MIP runs. */
  seconds: number;
  /** Seconds from the call to the result, everything included. */
  totalSeconds: number;
  types: number;
  variables: number;
  constraints: number;
}

/** Households of one type placed in one municipality. */
export interface TypeAssignment {
  type: string;
  persons: number;
  origin: string;
  profile?: string;
  municipality: string;
  households: number;
  distanceKm: number;
}

/** Where one household goes (`null`: not placed — only when no municipality could take it). */
export interface HouseholdAssignment {
  id: string;
  municipality: string | null;
  distanceKm: number | null;
}

/** The outcome in one municipality. */
export interface MunicipalityOutcome {
  code: string;
  name: string;
  province: string;
  targetPersons: number;
  placedPersons: number;
  placedHouseholds: number;
  /** Persons below the target. */
  shortfall: number;
  /** Persons above target + overshoot allowance. */
  excess: number;
  /** Mean distance from origin per person placed here, km (NaN when nobody is). */
  meanDistanceKm: number;
  /**
   * Change of the LP-relaxation objective when the target is raised by one person (objective units: km·persons
   * with the default weights): what one more person placed here would cost. `null` without shadow prices.
   */
  shadowPrice: number | null;
  /**
   * `shadowPrice` less that of {@link Placement.priceReference} when every person is needed for the targets
   * (their prices then share an arbitrary common level); the shadow price itself otherwise. `null` without
   * shadow prices, and for a municipality that gets nobody while every person is needed (its price is not
   * determined).
   */
  relativeShadowPrice: number | null;
  /** Housing stock per size given for this municipality, with the units used. */
  housing?: { size: number; units: number; used: number }[];
}

/** Outcome of one subgroup of households. */
export interface SubgroupOutcome {
  /** What the subgroups split by: `size`, `children`, `origin province` or `fairness`. */
  dimension: string;
  group: string;
  households: number;
  persons: number;
  placedPersons: number;
  /** Mean distance per placed person, km. */
  meanDistanceKm: number;
  /** Mean distance minus the mean over all placed persons, km. */
  gapKm: number;
  /** Share of placed persons within `withinKm` of their origin. */
  shareWithinKm: number;
}

/** Why a municipality falls short of its target or a household type is not placed. */
export type ShortfallReason =
  /** Fewer persons to place than the targets add up to. */
  | 'supply'
  /** The municipality's housing stock of every size that could come is used up (its `stock.*` rows bind). */
  | 'housing-stock'
  /** No household has its origin within `keepNear` of the municipality. */
  | 'distance-cap'
  /** Every household that could still come is larger than the shortfall plus the overshoot allowance. */
  | 'household-size'
  /** The households that could come are placed where they fill other targets. */
  | 'other-targets';

/** Why the placement cannot meet everything asked, in numbers and words. */
export interface Explanation {
  /** True when every target is met, every household placed and no cap or fairness bound exceeded. */
  feasible: boolean;
  supplyPersons: number;
  targetPersons: number;
  messages: string[];
  short: { code: string; name: string; shortfall: number; reasons: ShortfallReason[]; binding: string[] }[];
  unplaced: { type: string; households: number; persons: number; reasons: ShortfallReason[] }[];
  excess: { code: string; name: string; excess: number }[];
}

/** The fairness requirement's outcome and price. */
export interface FairnessReport {
  maxGapKm: number;
  /** Objective with the fairness rows (the placement reported). */
  objective: number;
  /** Objective of the same instance without them. */
  objectiveWithout: number;
  /** objective − objectiveWithout: what fairness costs (≥ 0 up to the MIP gap). */
  cost: number;
  /** Largest |group mean − overall mean| reached, km. */
  largestGapKm: number;
}

/** The placement and everything needed to read it. */
export interface Placement {
  solve: SolveReport;
  /** The LP relaxation the shadow prices come from. */
  relaxation?: { status: SolveStatus; objective: number; seconds: number };
  /** The objective split: distance (km·persons), match score (sum over households), penalties. */
  objective: { total: number; distanceKmPersons: number; matchScore: number; penalty: number };
  shortfallPenalty: number;
  overshootAllowance: number;
  withinKm: number;
  types: HouseholdType[];
  assignments: TypeAssignment[];
  households: HouseholdAssignment[];
  municipalities: MunicipalityOutcome[];
  /** Mean distance per placed person over everyone, km. */
  meanDistanceKm: number;
  subgroups: SubgroupOutcome[];
  /**
   * When the targets add up to at least the persons to place, every target binds and the shadow prices are only
   * determined up to a common shift: the municipality (that gets someone) with the lowest price, to which the
   * relative prices are taken. `null` when there are persons to spare (prices are absolute) or no prices.
   */
  priceReference: { code: string; name: string; shadowPrice: number } | null;
  fairness?: FairnessReport;
  explanation: Explanation;
}
