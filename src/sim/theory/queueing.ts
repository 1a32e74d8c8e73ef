// Closed forms for the M/M/1 and M/M/c queue: a check on the simulation engine and a quick capacity estimate for
// users. Rates are per unit of time (e.g. per day) and results are in that unit. Erlang B is computed by its
// recursion (every term in [0, 1]) rather than with factorials, so the results are stable for c up to 500 and beyond.

function checkRates(caller: string, servers: number, arrivalRate: number, serviceRate: number): void {
  if (!(Number.isInteger(servers) && servers >= 1)) {
    throw new RangeError(`${caller}: the number of servers c must be a positive integer (got ${servers})`);
  }
  if (!(arrivalRate >= 0 && arrivalRate < Infinity)) {
    throw new RangeError(`${caller}: arrival rate lambda must be finite and >= 0 (got ${arrivalRate})`);
  }
  if (!(serviceRate > 0 && serviceRate < Infinity)) {
    throw new RangeError(`${caller}: service rate mu must be finite and > 0 (got ${serviceRate})`);
  }
}

/**
 * Erlang B: the probability that an arrival finds all c servers busy in a loss system with offered load
 * a = lambda / mu, by B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 */
export function erlangB(c: number, offeredLoad: number): number {
  if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`erlangB: c must be an integer >= 0 (got ${c})`);
  if (!(offeredLoad >= 0 && offeredLoad < Infinity)) {
    throw new RangeError(`erlangB: offered load must be finite and >= 0 (got ${offeredLoad})`);
  }
  let blocking = 1;
  for (let k = 1; k <= c; k++) blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  return blocking;
}

/**
 * Erlang C: the probability that an arrival to an M/M/c queue has to wait, C = c·B / (c − a·(1 − B)) with
 * a = lambda / mu. Returns 1 when the queue is unstable (lambda >= c·mu): eventually everyone waits.
 */
export function erlangC(c: number, lambda: number, mu: number): number {
  checkRates('erlangC', c, lambda, mu);
  const offeredLoad = lambda / mu;
  if (offeredLoad >= c) return 1;
  const blocking = erlangB(c, offeredLoad);
  return (c * blocking) / (c - offeredLoad * (1 - blocking));
}

/** Mean time in the queue before service (Wq) in an M/M/c queue: C / (c·mu − lambda); Infinity if unstable. */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  checkRates('mmcMeanWait', c, lambda, mu);
  if (lambda >= c * mu) return Infinity;
  return erlangC(c, lambda, mu) / (c * mu - lambda);
}

/** Mean time in the system (W = Wq + 1/mu) in an M/M/c queue; Infinity if unstable. */
export function mmcMeanSojourn(c: number, lambda: number, mu: number): number {
  return mmcMeanWait(c, lambda, mu) + 1 / mu;
}

/** Mean time in the queue in an M/M/1 queue: rho / (mu − lambda) with rho = lambda / mu; Infinity if unstable. */
export function mm1MeanWait(lambda: number, mu: number): number {
  checkRates('mm1MeanWait', 1, lambda, mu);
  if (lambda >= mu) return Infinity;
  return lambda / mu / (mu - lambda);
}
