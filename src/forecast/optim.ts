// Nelder–Mead minimisation on a Float64Array, allocation-free inside the iteration loop: the simplex, its
// function values and the trial points are allocated once per call. Used for every likelihood in src/forecast.

export interface NelderMeadOptions {
  /** Maximum number of objective evaluations (default 200 × dimension). */
  maxEvaluations?: number;
  /** Stop when the spread of function values in the simplex is below this, relative (default 1e-8). */
  tolerance?: number;
  /** Initial step per coordinate (default 10% of |x| or 0.05). */
  step?: number | Float64Array;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

/** Minimise `objective` from `start`. The objective must not keep a reference to its argument. */
export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * Math.max(1, n);
  const tolerance = options.tolerance ?? 1e-8;
  const simplex = new Float64Array((n + 1) * n);
  const values = new Float64Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const point = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = objective(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  for (let j = 0; j < n; j++) simplex[j] = start[j];
  for (let i = 1; i <= n; i++) {
    for (let j = 0; j < n; j++) simplex[i * n + j] = start[j];
    const s = options.step;
    const step =
      typeof s === 'number' ? s : s ? s[i - 1] : Math.abs(start[i - 1]) > 1e-3 ? 0.1 * Math.abs(start[i - 1]) : 0.05;
    simplex[i * n + i - 1] += step;
  }
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j < n; j++) point[j] = simplex[i * n + j];
    values[i] = evaluate(point);
  }

  while (evaluations < maxEvaluations) {
    // Order: find best, worst and second worst without sorting the whole simplex.
    let best = 0;
    let worst = 0;
    for (let i = 1; i <= n; i++) {
      if (values[i] < values[best]) best = i;
      if (values[i] > values[worst]) worst = i;
    }
    let second = best;
    for (let i = 0; i <= n; i++) if (i !== worst && values[i] > values[second]) second = i;
    const spread = Math.abs(values[worst] - values[best]);
    if (spread <= tolerance * (Math.abs(values[best]) + tolerance) && Number.isFinite(values[worst])) break;

    centroid.fill(0);
    for (let i = 0; i <= n; i++) {
      if (i === worst) continue;
      for (let j = 0; j < n; j++) centroid[j] += simplex[i * n + j];
    }
    for (let j = 0; j < n; j++) centroid[j] /= n;

    for (let j = 0; j < n; j++) reflected[j] = centroid[j] + (centroid[j] - simplex[worst * n + j]);
    const fr = evaluate(reflected);
    if (fr < values[best]) {
      for (let j = 0; j < n; j++) trial[j] = centroid[j] + 2 * (centroid[j] - simplex[worst * n + j]);
      const fe = evaluate(trial);
      if (fe < fr) replace(worst, trial, fe);
      else replace(worst, reflected, fr);
    } else if (fr < values[second]) {
      replace(worst, reflected, fr);
    } else {
      const outside = fr < values[worst];
      for (let j = 0; j < n; j++) {
        trial[j] = outside
          ? centroid[j] + 0.5 * (reflected[j] - centroid[j])
          : centroid[j] + 0.5 * (simplex[worst * n + j] - centroid[j]);
      }
      const fc = evaluate(trial);
      if (fc < Math.min(fr, values[worst])) {
        replace(worst, trial, fc);
      } else {
        // Shrink towards the best point.
        for (let i = 0; i <= n; i++) {
          if (i === best) continue;
          for (let j = 0; j < n; j++) {
            simplex[i * n + j] = simplex[best * n + j] + 0.5 * (simplex[i * n + j] - simplex[best * n + j]);
            point[j] = simplex[i * n + j];
          }
          values[i] = evaluate(point);
        }
      }
    }
  }

  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return { x: simplex.slice(best * n, best * n + n), value: values[best], evaluations };

  function replace(index: number, x: Float64Array, value: number): void {
    for (let j = 0; j < n; j++) simplex[index * n + j] = x[j];
    values[index] = value;
  }
}
