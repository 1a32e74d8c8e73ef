// The distribution key for reception places (Spreidingswet 2024): a national number of places over provinces
// and municipalities in proportion to population, optionally corrected by a municipal welfare score, in whole
// places that add up exactly per province and nationally; places a municipality already provides are credited.
//
//   z_m      = clip((s_m − μ) / σ, −c, c)      μ, σ: population-weighted mean and standard deviation of the scores s
//   weight_m = pop_m × (1 + w · z_m)           w ≥ 0 and w · c < 1, so every weight stays > 0
//   places   = largest remainder of the national number over the provinces by Σ weight, then of each province's
//              number over its municipalities by weight (without scores: weight_m = pop_m)
//   credit_m = ⌊existing_m + (f − 1) · large_m⌋      large_m: the part of existing_m in large locations (e.g. a COL)
//   remaining_m = max(0, places_m − credit_m)        surplus_m = max(0, credit_m − places_m)
//
// Because μ and σ are weighted by population, Σ pop·(1 + w·z) = Σ pop before clipping: the correction moves
// places between municipalities without changing the national number. This is doorstroom's key, not the
// official formula (not found in public sources); docs/allocate.md gives the reasons for the defaults.
import type { MunicipalFigure, MunicipalityData } from '../data/municipalities.ts';
import { largestRemainderNested } from './largest-remainder.ts';
import { municipalFigures, provinceGroups, provinceSums } from './taakstelling.ts';

/**
 * Default w: the population-weighted standard deviation of the factors that the indicative distribution of
 * November 2025 (data/nl_municipalities_spreidingswet_nov2025.csv) implies against a population-only key is
 * 0.134, and a linear rule on a population-standardised score with that spread has w ≈ 0.13.
 */
export const DEFAULT_SCORE_WEIGHT = 0.13;
/**
 * Default c: standardised scores beyond ±3 are clipped. The factors implied by the November 2025 distribution
 * lie between −2.42 and +2.24 standard deviations for all municipalities but one (Rozendaal, 1,831 inhabitants).
 */
export const DEFAULT_SCORE_CLIP = 3;
/** Default f: a place in a large location counts once, like any other (no public rule for more was found). */
export const DEFAULT_LARGE_LOCATION_FACTOR = 1;

/** What the key is computed from; every constant has a documented default. */
export interface DistributionKeyInput {
  /** The national number of reception places (whole, ≥ 0). */
  places: number;
  municipalities: MunicipalityData;
  /** Per municipality code: its welfare score (higher = more prosperous), for every municipality; none = population only. */
  scores?: ReadonlyMap<string, number>;
  /** The name of the score (e.g. ses_woa), for the notes. */
  scoreName?: string;
  /** w, the weight of the standardised score (default DEFAULT_SCORE_WEIGHT). */
  weight?: number;
  /** c, where standardised scores are clipped (default DEFAULT_SCORE_CLIP). */
  clip?: number;
  /** Per municipality code: reception places it already provides (whole, ≥ 0); missing = none. */
  existing?: ReadonlyMap<string, number>;
  /** Per municipality code: the part of its existing places in large locations (whole, ≤ existing). */
  largeLocations?: ReadonlyMap<string, number>;
  /** f, what a place in a large location counts for (default DEFAULT_LARGE_LOCATION_FACTOR). */
  largeLocationFactor?: number;
  /** Let the remaining task go below 0 (a surplus shows as a negative remaining task). */
  allowNegative?: boolean;
}

/** One municipality's share of the key. */
export interface DistributionKeyRow {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
  population: number;
  /** The welfare score, or null without scores. */
  score: number | null;
  /** The clipped standardised score z, or null without scores. */
  z: number | null;
  /** 1 + w·z (1 without scores). */
  factor: number;
  /** population × factor. */
  weight: number;
  /** weight / Σ weight. */
  share: number;
  /** The exact national quota: places × share. */
  quota: number;
  /** Whole places (nested largest remainder). */
  places: number;
  existing: number;
  large: number;
  /** What the existing places count for toward the share. */
  credit: number;
  /** places − credit, not below 0 unless allowNegative. */
  remaining: number;
  /** credit − places where the credit exceeds the share, else 0. */
  surplus: number;
}

/** The sums of one province; `places` is the province's exact number of the key. */
export interface ProvinceDistributionKey {
  code: string;
  name: string;
  municipalities: number;
  population: number;
  share: number;
  places: number;
  existing: number;
  credit: number;
  remaining: number;
  surplus: number;
}

/** The distribution key per municipality and province, with the national sums and how it was made. */
export interface DistributionKey {
  places: number;
  /** The CBS division year of the codes. */
  year: number;
  populationDate?: string;
  /** w as used (0 has the same effect as no scores). */
  scoreWeight: number;
  clip: number;
  largeLocationFactor: number;
  scoreName: string | null;
  rows: DistributionKeyRow[];
  provinces: ProvinceDistributionKey[];
  totals: { places: number; existing: number; credit: number; remaining: number; surplus: number };
  notes: string[];
}

/**
 * Computes the distribution key (the formula in this file's header). Throws a RangeError for an input the
 * caller should have refused: places not a whole number ≥ 0, w < 0, c ≤ 0 or w·c ≥ 1, a score missing or not
 * finite, existing or large-location places not whole and ≥ 0, large-location places above the existing ones,
 * or a code that is not in the list.
 *
 * @example distributionKey({ places: 96000, municipalities: loadMunicipalities() }) // population only
 */
export function distributionKey(input: DistributionKeyInput): DistributionKey {
  const { places, municipalities } = input;
  const list = municipalities.municipalities;
  const scoreWeight = input.weight ?? DEFAULT_SCORE_WEIGHT;
  const clip = input.clip ?? DEFAULT_SCORE_CLIP;
  const largeFactor = input.largeLocationFactor ?? DEFAULT_LARGE_LOCATION_FACTOR;
  if (!Number.isInteger(places) || places < 0)
    throw new RangeError(`distributionKey: places must be a whole number ≥ 0, got ${places}`);
  if (!(scoreWeight >= 0 && Number.isFinite(scoreWeight)))
    throw new RangeError(`distributionKey: the score weight must be ≥ 0, got ${scoreWeight}`);
  if (!(clip > 0 && Number.isFinite(clip))) throw new RangeError(`distributionKey: the clip must be > 0, got ${clip}`);
  if (input.scores && scoreWeight * clip >= 1)
    throw new RangeError(
      `distributionKey: weight × clip = ${scoreWeight * clip}; it must stay below 1, or a municipality's weight would reach 0`,
    );
  if (!(largeFactor >= 0 && Number.isFinite(largeFactor)))
    throw new RangeError(`distributionKey: the large-location factor must be ≥ 0, got ${largeFactor}`);
  const known = new Set(list.map((m) => m.code));
  const checkPlaces = (map: ReadonlyMap<string, number> | undefined, what: string) => {
    for (const [code, value] of map ?? []) {
      if (!known.has(code))
        throw new RangeError(
          `distributionKey: ${what} for ${code}, which is not a municipality of division ${municipalities.year}`,
        );
      if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`distributionKey: ${what} of ${code} must be whole places ≥ 0, got ${value}`);
    }
  };
  for (const code of input.scores?.keys() ?? []) {
    if (!known.has(code))
      throw new RangeError(
        `distributionKey: a score for ${code}, which is not a municipality of division ${municipalities.year}`,
      );
  }
  checkPlaces(input.existing, 'existing places');
  checkPlaces(input.largeLocations, 'large-location places');
  for (const [code, large] of input.largeLocations ?? []) {
    const existing = input.existing?.get(code) ?? 0;
    if (large > existing)
      throw new RangeError(
        `distributionKey: ${code} has ${large} places in large locations but ${existing} existing places; large-location places are part of the existing ones`,
      );
  }

  const z = input.scores
    ? standardisedScores(
        list.map((m) => m.population),
        list.map((m) => scoreOf(input.scores!, m.code)),
        clip,
      )
    : null;
  const factors = list.map((_, i) => (z ? 1 + scoreWeight * z[i] : 1));
  const weights = list.map((m, i) => m.population * factors[i]);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const groups = provinceGroups(list);
  const { byGroup, byMember } = largestRemainderNested(places, groups.of, weights);

  const rows: DistributionKeyRow[] = list.map((m, i) => {
    const existing = input.existing?.get(m.code) ?? 0;
    const large = input.largeLocations?.get(m.code) ?? 0;
    // Credits are whole places; the small margin keeps 3 × 1.1 = 3.3000000000000003 and alike from losing a place.
    const credit = Math.floor(existing + (largeFactor - 1) * large + 1e-9);
    const gap = byMember[i] - credit;
    return {
      ...m,
      score: input.scores ? scoreOf(input.scores, m.code) : null,
      z: z ? z[i] : null,
      factor: factors[i],
      weight: weights[i],
      share: weights[i] / weightSum,
      quota: (places * weights[i]) / weightSum,
      places: byMember[i],
      existing,
      large,
      credit,
      remaining: input.allowNegative ? gap : Math.max(0, gap),
      surplus: Math.max(0, -gap),
    };
  });

  const provinces = provinceSums(groups, rows, [
    'population',
    'weight',
    'existing',
    'credit',
    'remaining',
    'surplus',
  ]).map(({ weight, ...p }, g) => ({
    ...p,
    share: weight / weightSum,
    places: byGroup[g],
  }));
  const total = (value: (row: DistributionKeyRow) => number) => rows.reduce((s, r) => s + value(r), 0);
  const scoreName = input.scores ? (input.scoreName ?? 'score') : null;
  const notes = [
    z
      ? `population corrected by the welfare score ${scoreName}: weight = population × (1 + ${scoreWeight} × z), z = the population-standardised score clipped to ±${clip} (factors ${Math.min(...factors).toFixed(3)} – ${Math.max(...factors).toFixed(3)}); doorstroom's key, not the official formula`
      : 'population only: no welfare score was given (no per-municipality SES-WOA file is shipped; give one with its source to correct for welfare)',
    `${places} places over ${groups.codes.length} provinces by largest remainder, then within each province over its municipalities (${list.length} of CBS division ${municipalities.year}${municipalities.populationDate ? `, population on ${municipalities.populationDate}` : ''}): exact totals per province and nationally`,
    input.existing
      ? `existing places credited (${input.largeLocations ? `places in large locations count ${largeFactor}×, ` : ''}credits in whole places); remaining task = places − credit${input.allowNegative ? ', negative for a surplus' : ', not below 0; a larger credit shows as surplus'}`
      : 'no existing places given: remaining task = places',
  ];
  return {
    places,
    year: municipalities.year,
    ...(municipalities.populationDate !== undefined ? { populationDate: municipalities.populationDate } : {}),
    scoreWeight,
    clip,
    largeLocationFactor: largeFactor,
    scoreName,
    rows,
    provinces,
    totals: {
      places,
      existing: total((r) => r.existing),
      credit: total((r) => r.credit),
      remaining: total((r) => r.remaining),
      surplus: total((r) => r.surplus),
    },
    notes,
  };
}

/**
 * Scores standardised with the population-weighted mean and standard deviation, clipped to ±clip; all 0 when
 * every score is the same (nothing to correct for).
 */
export function standardisedScores(
  population: readonly number[],
  scores: readonly number[],
  clip: number,
): Float64Array {
  // z does not change when every score is divided by the same number: dividing by the largest |score| keeps the
  // sums of products finite for any finite scores (1e300 × a population would overflow).
  const scale = scores.reduce((m, s) => Math.max(m, Math.abs(s)), 0) || 1;
  const scaled = scores.map((s) => s / scale);
  const total = population.reduce((a, b) => a + b, 0);
  const mean = population.reduce((s, p, i) => s + p * scaled[i], 0) / total;
  const variance = population.reduce((s, p, i) => s + p * (scaled[i] - mean) ** 2, 0) / total;
  const sd = Math.sqrt(variance);
  return Float64Array.from(scaled, (s) => (sd > 0 ? Math.min(clip, Math.max(-clip, (s - mean) / sd)) : 0));
}

/** The figures of a key to colour on a map: by default each municipality's number of places. */
export function distributionKeyFigures(
  result: DistributionKey,
  measure: 'places' | 'remaining' | 'credit' | 'surplus' | 'factor' | 'placesPer1000' = 'places',
): MunicipalFigure[] {
  return municipalFigures(result.year, result.rows, (r) =>
    measure === 'placesPer1000' ? (1000 * r.places) / r.population : r[measure],
  );
}

function scoreOf(scores: ReadonlyMap<string, number>, code: string): number {
  const s = scores.get(code);
  if (s === undefined || !Number.isFinite(s))
    throw new RangeError(
      `distributionKey: no finite score for ${code}; the correction needs a score for every municipality`,
    );
  return s;
}
