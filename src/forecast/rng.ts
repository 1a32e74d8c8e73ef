// Seeded randomness for forecasting: xoshiro128** on 32-bit integers, seeded through splitmix32.
// Invariant: a (seed, stream) pair always yields the same sequence, so replication r of a Monte Carlo run
// gets the same sample path however many other replications run, and in whatever order.

export interface Random {
  /** Uniform on (0, 1), never exactly 0 or 1. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** A generator for one (seed, stream) pair; different streams of one seed are statistically independent. */
export function createRandom(seed: number, stream = 0): Random {
  let sm = (Math.imul(seed | 0, 0x2545f491) ^ Math.imul(stream | 0, 0x27d4eb2f) ^ 0x6a09e667) | 0;
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(sm);
    sm = next;
    words[i] = out;
  }
  // Also mix the stream index through a second splitmix pass so that nearby streams differ in every word.
  let mix = (stream | 0) ^ 0x5bd1e995;
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(mix);
    mix = next;
    words[i] ^= out;
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  let s0 = words[0] | 0;
  let s1 = words[1] | 0;
  let s2 = words[2] | 0;
  let s3 = words[3] | 0;
  let spare = NaN;

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result >>> 0;
  }

  function uniform(): number {
    // 32 random bits, offset by half a step so the result is strictly inside (0, 1).
    return (nextUint32() + 0.5) / 4294967296;
  }

  function normal(): number {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = NaN;
      return value;
    }
    // Marsaglia polar method.
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    return u * factor;
  }

  return { uniform, normal };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
