// A streaming Welford accumulator for count, mean, variance, min and max that merges across replications and
// worker threads (the mean and quantiles of a sample held in memory are in src/core/stats.ts).
// Invariant: every function here is exact or numerically stable, so it can serve as the reference in tests.

/** Plain-data form of a Welford accumulator, for crossing worker threads. */
export interface WelfordJSON {
  count: number;
  mean: number;
  sumSquaredDeviations: number;
  min: number;
  max: number;
}

/**
 * Streaming count, mean, variance, min and max (Welford's update; Chan et al.'s formula to merge), stable
 * where the naive sum of squares cancels catastrophically — e.g. lead times of ~1000 days varying by hours.
 */
export class Welford {
  count = 0;
  mean = NaN;
  min = Infinity;
  max = -Infinity;
  /** Sum of squared deviations from the running mean (Welford's M2). */
  private sumSquaredDeviations = 0;

  add(x: number): void {
    this.count++;
    if (this.count === 1) {
      this.mean = x;
    } else {
      const deviation = x - this.mean;
      this.mean += deviation / this.count;
      this.sumSquaredDeviations += deviation * (x - this.mean);
    }
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Sample variance (divisor n − 1); NaN with fewer than two values. */
  get variance(): number {
    return this.count < 2 ? NaN : this.sumSquaredDeviations / (this.count - 1);
  }

  /** Sample standard deviation; NaN with fewer than two values. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Standard error of the mean, sd / √n — the half-width unit of a confidence interval over replications. */
  get standardError(): number {
    return this.sd / Math.sqrt(this.count);
  }

  /** Adds everything `other` has seen, as if its values had been added here. */
  merge(other: Welford): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.sumSquaredDeviations = other.sumSquaredDeviations;
    } else {
      const count = this.count + other.count;
      const delta = other.mean - this.mean;
      this.mean += (delta * other.count) / count;
      this.sumSquaredDeviations += other.sumSquaredDeviations + ((delta * delta * this.count) / count) * other.count;
      this.count = count;
    }
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  toJSON(): WelfordJSON {
    return {
      count: this.count,
      mean: this.mean,
      sumSquaredDeviations: this.sumSquaredDeviations,
      min: this.min,
      max: this.max,
    };
  }

  static fromJSON(json: WelfordJSON): Welford {
    const accumulator = new Welford();
    accumulator.count = json.count;
    accumulator.mean = json.count === 0 ? NaN : json.mean;
    accumulator.sumSquaredDeviations = json.sumSquaredDeviations;
    accumulator.min = json.count === 0 ? Infinity : json.min;
    accumulator.max = json.count === 0 ? -Infinity : json.max;
    return accumulator;
  }
}
