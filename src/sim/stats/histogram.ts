// A fixed-memory streaming histogram for lead times (days, >= 0): an exact zero bin, an underflow bin, log-spaced
// bins (default 240 per decade from 1e-3 to 1e5 days, each < 1% wide) and an overflow bin, in one Float64Array.
// Invariant: bins are left-open (lo, hi], so the share at most a bin edge is exact; within a bin we interpolate.
// Count, sum (so the mean), min and max are exact; quantiles are within one bin width (< 1% relative).

export interface HistogramLayout {
  /** Upper edge of the underflow bin (0, lowest] and lower edge of the first log bin. */
  lowest: number;
  /** Upper edge of the last log bin; larger values go to the overflow bin (highest, ∞). */
  highest: number;
  /** Log bins per factor 10; 240 gives a ratio of 10^(1/240) ≈ 1.0096 between edges. */
  binsPerDecade: number;
}

/** Compact plain-data form: only the non-zero bins, as parallel lists of bin index and weight. */
export interface HistogramJSON extends HistogramLayout {
  count: number;
  sum: number;
  min: number;
  max: number;
  binIndex: number[];
  binWeight: number[];
}

const DEFAULT_LAYOUT: HistogramLayout = { lowest: 1e-3, highest: 1e5, binsPerDecade: 240 };
const ZERO_BIN = 0;
const UNDERFLOW_BIN = 1;
const FIRST_LOG_BIN = 2;

// Edges and the bin lookup per layout, computed once and shared: histograms are made per stage and replication,
// edges never change.
interface LayoutBins {
  /** Lower edge of log bin k is edges[k], upper edge edges[k + 1]. */
  edges: Float64Array;
  /**
   * The bin lookup by arithmetic: a positive double's high 32 bits (sign, exponent, top of the mantissa) grow with
   * the value, so `high >>> shift` cuts the range into slices of a fixed fraction of an octave. startBin[slice -
   * firstSlice] is the log bin of the smallest double in the slice; a value's bin is that or a few above it (one
   * comparison at most with the default layout, whose slices are a quarter of a bin or narrower).
   */
  startBin: Int32Array;
  firstSlice: number;
  shift: number;
}

const layouts = new Map<string, LayoutBins>();
/** Largest lookup table per layout (entries); a finer layout gets coarser slices and a few more comparisons. */
const MAX_SLICES = 1 << 16;

// One double seen as two 32-bit words, for the lookup's slice number (which word is high depends on the platform).
const bitsFloat = new Float64Array(1);
const bitsWords = new Uint32Array(bitsFloat.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function highBits(x: number): number {
  bitsFloat[0] = x;
  return bitsWords[HIGH_WORD];
}

function layoutBins(layout: HistogramLayout, logBins: number): LayoutBins {
  const key = `${layout.lowest}/${layout.highest}/${layout.binsPerDecade}`;
  let bins = layouts.get(key);
  if (!bins) {
    const edges = new Float64Array(logBins + 1);
    for (let k = 0; k <= logBins; k++) edges[k] = layout.lowest * 10 ** (k / layout.binsPerDecade);
    edges[logBins] = layout.highest;
    // Slices of 2^-m of an octave, m the smallest that makes a slice narrower than a quarter of a bin (at most 20,
    // the mantissa bits in the high word), coarser while the table would exceed MAX_SLICES. With slices that fine
    // few of them hold a bin edge, so the comparison after the lookup rarely goes the other way (a branch the
    // processor predicts); slices just narrower than a bin held an edge in about half the cases.
    const binWidth = 10 ** (1 / layout.binsPerDecade) - 1;
    const m = Math.min(20, Math.max(0, Math.ceil(-Math.log2(binWidth)) + 2));
    let shift = 20 - m;
    while (shift < 31 && (highBits(edges[logBins]) >>> shift) - (highBits(edges[0]) >>> shift) >= MAX_SLICES) shift++;
    const firstSlice = highBits(edges[0]) >>> shift;
    const startBin = new Int32Array((highBits(edges[logBins]) >>> shift) - firstSlice + 1);
    let k = 0;
    for (let i = 0; i < startBin.length; i++) {
      // The smallest double of slice firstSlice + i: its high word with the bits below the slice cleared, low 0.
      bitsWords[HIGH_WORD] = ((firstSlice + i) << shift) >>> 0;
      bitsWords[1 - HIGH_WORD] = 0;
      const smallest = bitsFloat[0];
      while (k < logBins - 1 && smallest > edges[k + 1]) k++;
      startBin[i] = k;
    }
    bins = { edges, startBin, firstSlice, shift };
    layouts.set(key, bins);
  }
  return bins;
}

export class LogHistogram {
  readonly layout: HistogramLayout;
  /** Total weight added (the number of values when every weight is 1). */
  count = 0;
  /** Weighted sum of the values, exact up to floating-point addition; mean = sum / count. */
  sum = 0;
  /** Smallest and largest value added with positive weight (Infinity / -Infinity while empty). */
  min = Infinity;
  max = -Infinity;
  private readonly logBins: number;
  /** Lower edge of log bin k is edges[k], upper edge edges[k + 1]; log bin k is stored at FIRST_LOG_BIN + k. */
  private readonly edges: Float64Array;
  private readonly weights: Float64Array;
  private readonly startBin: Int32Array;
  private readonly firstSlice: number;
  private readonly shift: number;

  constructor(layout: Partial<HistogramLayout> = {}) {
    const full = { ...DEFAULT_LAYOUT, ...layout };
    if (!(full.lowest > 0 && full.highest > full.lowest && Number.isFinite(full.highest))) {
      throw new RangeError(`LogHistogram: need 0 < lowest < highest < Infinity (got ${full.lowest}, ${full.highest})`);
    }
    if (!(Number.isInteger(full.binsPerDecade) && full.binsPerDecade >= 1)) {
      throw new RangeError(`LogHistogram: binsPerDecade must be a positive integer (got ${full.binsPerDecade})`);
    }
    this.layout = full;
    this.logBins = Math.ceil(Math.log10(full.highest / full.lowest) * full.binsPerDecade - 1e-9);
    const bins = layoutBins(full, this.logBins);
    this.edges = bins.edges;
    this.startBin = bins.startBin;
    this.firstSlice = bins.firstSlice;
    this.shift = bins.shift;
    this.weights = new Float64Array(FIRST_LOG_BIN + this.logBins + 1);
  }

  /** Adds a value (>= 0, finite) with a weight (>= 0, default 1). */
  add(x: number, weight = 1): void {
    if (!(x >= 0 && x < Infinity)) throw new RangeError(`LogHistogram.add: value must be finite and >= 0 (got ${x})`);
    if (!(weight >= 0 && weight < Infinity)) {
      throw new RangeError(`LogHistogram.add: weight must be finite and >= 0 (got ${weight})`);
    }
    if (weight === 0) return;
    this.weights[this.binOf(x)] += weight;
    this.count += weight;
    this.sum += weight * x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /**
   * The bin that holds x, for adding one value to several histograms of the same layout with `addToBin`
   * (finding the bin is the costly part of `add`).
   */
  bin(x: number): number {
    if (!(x >= 0 && x < Infinity)) throw new RangeError(`LogHistogram.bin: value must be finite and >= 0 (got ${x})`);
    return this.binOf(x);
  }

  /** Adds x (weight 1) to a bin found by `bin(x)` on a histogram with the same layout. */
  addToBin(bin: number, x: number): void {
    this.weights[bin] += 1;
    this.count += 1;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /**
   * Adds values[0] … values[n - 1] (weight 1 each) in that order: the same histogram as n calls of `add`, with the
   * count, sum, min and max kept in locals for the run of values.
   */
  addEach(values: Float64Array, n: number): void {
    const weights = this.weights;
    let count = this.count;
    let sum = this.sum;
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      weights[this.bin(x)] += 1;
      count += 1;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  /** Weighted mean of the values added; NaN while empty. */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /**
   * The value below which a share p of the weight lies, interpolated linearly within its bin (and kept within
   * [min, max]); NaN while empty.
   */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`LogHistogram.quantile: p must be in [0, 1] (got ${p})`);
    if (this.count === 0) return NaN;
    if (p === 0) return this.min;
    if (p === 1) return this.max;
    const target = p * this.count;
    let cumulative = 0;
    for (let bin = 0; bin < this.weights.length; bin++) {
      const weight = this.weights[bin];
      if (weight === 0 || cumulative + weight < target) {
        cumulative += weight;
        continue;
      }
      if (bin === ZERO_BIN) return 0;
      const lower = Math.max(this.lowerEdge(bin), this.min);
      const upper = Math.min(this.upperEdge(bin), this.max);
      return lower + ((target - cumulative) / weight) * (upper - lower);
    }
    return this.max; // target lost to rounding in the running sum
  }

  /**
   * Share of the weight with value <= x — e.g. the share of cases decided within a norm. Exact at bin edges and
   * outside [min, max); linear within a bin. NaN while empty.
   */
  fractionAtMost(x: number): number {
    if (Number.isNaN(x)) throw new RangeError('LogHistogram.fractionAtMost: x is NaN');
    if (this.count === 0) return NaN;
    if (x < 0 || x < this.min) return 0;
    if (x >= this.max) return 1;
    const bin = this.binOf(x);
    let below = 0;
    for (let i = 0; i < bin; i++) below += this.weights[i];
    const weight = this.weights[bin];
    if (bin === ZERO_BIN || weight === 0) return (below + weight) / this.count;
    const lower = Math.max(this.lowerEdge(bin), this.min);
    const upper = Math.min(this.upperEdge(bin), this.max);
    const share = upper > lower ? Math.min(1, Math.max(0, (x - lower) / (upper - lower))) : 1;
    return (below + share * weight) / this.count;
  }

  /** Adds everything `other` holds; both must have the same layout. */
  merge(other: LogHistogram): void {
    this.assertSameLayout(other.layout, 'merge');
    for (let bin = 0; bin < this.weights.length; bin++) this.weights[bin] += other.weights[bin];
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  toJSON(): HistogramJSON {
    const binIndex: number[] = [];
    const binWeight: number[] = [];
    this.weights.forEach((weight, bin) => {
      if (weight !== 0) {
        binIndex.push(bin);
        binWeight.push(weight);
      }
    });
    // JSON has no Infinity: an empty histogram's min and max travel as 0 and are restored from count = 0.
    const empty = this.count === 0;
    return {
      ...this.layout,
      count: this.count,
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
      binIndex,
      binWeight,
    };
  }

  static fromJSON(json: HistogramJSON): LogHistogram {
    const histogram = new LogHistogram({
      lowest: json.lowest,
      highest: json.highest,
      binsPerDecade: json.binsPerDecade,
    });
    if (json.binIndex.length !== json.binWeight.length) {
      throw new RangeError('LogHistogram.fromJSON: binIndex and binWeight differ in length');
    }
    json.binIndex.forEach((bin, i) => {
      if (!(Number.isInteger(bin) && bin >= 0 && bin < histogram.weights.length)) {
        throw new RangeError(`LogHistogram.fromJSON: bin index ${bin} is outside this layout`);
      }
      histogram.weights[bin] = json.binWeight[i];
    });
    histogram.count = json.count;
    histogram.sum = json.sum;
    if (json.count > 0) {
      histogram.min = json.min;
      histogram.max = json.max;
    }
    return histogram;
  }

  /** Storage index of the bin holding x (x >= 0). */
  private binOf(x: number): number {
    if (x === 0) return ZERO_BIN;
    const edges = this.edges;
    if (x <= edges[0]) return UNDERFLOW_BIN;
    if (x > edges[this.logBins]) return FIRST_LOG_BIN + this.logBins;
    // The slice of x gives the lowest bin it can be in; the comparisons with the stored edges settle it exactly.
    bitsFloat[0] = x;
    let k = this.startBin[(bitsWords[HIGH_WORD] >>> this.shift) - this.firstSlice];
    while (x > edges[k + 1]) k++;
    return FIRST_LOG_BIN + k;
  }

  private lowerEdge(bin: number): number {
    if (bin <= UNDERFLOW_BIN) return 0;
    return this.edges[bin - FIRST_LOG_BIN];
  }

  private upperEdge(bin: number): number {
    if (bin === ZERO_BIN) return 0;
    if (bin === UNDERFLOW_BIN) return this.edges[0];
    const k = bin - FIRST_LOG_BIN;
    return k < this.logBins ? this.edges[k + 1] : Infinity; // the overflow bin is capped by max
  }

  private assertSameLayout(layout: HistogramLayout, caller: string): void {
    const mine = this.layout;
    if (
      layout.lowest !== mine.lowest ||
      layout.highest !== mine.highest ||
      layout.binsPerDecade !== mine.binsPerDecade
    ) {
      throw new RangeError(
        `LogHistogram.${caller}: layouts differ (${JSON.stringify(layout)} vs ${JSON.stringify(mine)})`,
      );
    }
  }
}
