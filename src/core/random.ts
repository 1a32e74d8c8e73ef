// Seeded random streams on xoroshiro128+ (Blackman & Vigna): one stream per replication (jump-ahead, so
// replications never overlap) and one cheap, well-mixed sub-stream per (seed, replication, stream id, index) for
// common random numbers. Invariant: the same inputs give the same numbers on any machine — state derivation is
// integer-only 32-bit arithmetic (no Math.random, no floating-point functions). The generator is written out
// here on four 32-bit halves, output for output the same as pure-rand's `xoroshiro128plus` (the low 32 bits of
// s0 + s1), so a sub-stream is one object and a draw is no call through another.

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_52 = 2 ** -52;
const TWO_POW_MINUS_53 = 2 ** -53;

// xoroshiro128+'s jump polynomial for 2^64 steps (0xdf900294d8f554a5, 0x170865df4b3201fc), low word first.
const JUMP = [0xd8f554a5, 0xdf900294, 0x4b3201fc, 0x170865df];

/** A sequence of random numbers from one generator; draws advance it. */
export class RandomStream {
  // The 128-bit state s0, s1 as signed 32-bit halves.
  private s0High = 0;
  private s0Low = 0;
  private s1High = 0;
  private s1Low = 0;

  /**
   * A stream in the given state (high and low 32-bit halves of the 64-bit words s0 and s1); the all-zero state,
   * a fixed point of the generator, is replaced by a fixed non-zero one. Use `replicationStream` or `substream`
   * to make one from a seed.
   */
  constructor(s0High = 0, s0Low = 0, s1High = 0, s1Low = 0) {
    this.setState(s0High, s0Low, s1High, s1Low);
  }

  /**
   * Puts this stream in the state `substream(seed, replication, streamId, index)` starts in, allocating nothing:
   * a loop that gives each of many short-lived persons their own sub-stream can reuse one object per slot.
   * Returns the stream.
   */
  resetToSubstream(seed: number, replication: number, streamId: number, index: number): this {
    if (seed !== xSeed || replication !== xReplication) {
      // A (seed, replication) equal to the last one derived has been checked then.
      checkSeed(seed, 'substream');
      checkUint32(replication, 'replication', 'substream');
      deriveX(seed, replication);
    }
    checkUint32(streamId, 'streamId', 'substream');
    checkUint32(index, 'index', 'substream');
    // Word y: (stream id, index), scrambled with a different key so y never mirrors x.
    word[0] = streamId ^ STREAM_KEY_HIGH;
    word[1] = index ^ STREAM_KEY_LOW;
    mix64();
    const yHigh = word[0];
    const yLow = word[1];
    // Cross-mix: x += y, scramble x, y ^= x, scramble y. Each step is invertible, so (x, y) -> state is a
    // bijection, and after it every state bit depends on every key bit.
    add64(xWord[0], xWord[1]);
    mix64();
    const mixedXHigh = word[0];
    const mixedXLow = word[1];
    word[0] = yHigh ^ mixedXHigh;
    word[1] = yLow ^ mixedXLow;
    mix64();
    this.setState(mixedXHigh, mixedXLow, word[0], word[1]);
    return this;
  }

  /** Raw xoroshiro128+ step: the low 32 bits of s0 + s1 (signed), then the state advances. */
  private next(): number {
    const s0High = this.s0High;
    const s0Low = this.s0Low;
    const out = (s0Low + this.s1Low) | 0;
    const a0 = this.s1Low ^ s0Low;
    const a1 = this.s1High ^ s0High;
    this.s0Low = (s0Low << 24) ^ (s0High >>> 8) ^ a0 ^ (a0 << 16);
    this.s0High = (s0High << 24) ^ (s0Low >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s1Low = (a1 << 5) ^ (a0 >>> 27);
    this.s1High = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.next() >>> 0;
  }

  /**
   * Uniform in [0, 1) with 53 random bits. Takes the top 27 and 26 bits of two outputs: each output is the low
   * 32 bits of xoroshiro128+'s sum, whose lowest bits are its weakest (bit 0 is a plain LFSR).
   */
  uniform(): number {
    const high27 = this.next() >>> 5;
    const low26 = this.next() >>> 6;
    return (high27 * TWO_POW_26 + low26) * TWO_POW_MINUS_53;
  }

  /**
   * Uniform in the open interval (0, 1): the midpoints of a 2^-52 grid, so never 0 (safe for logs), never 1,
   * and symmetric around 1/2 (u and 1 - u are equally likely).
   */
  uniformOpen(): number {
    const high26 = this.next() >>> 6;
    const low26 = this.next() >>> 6;
    return (high26 * TWO_POW_26 + low26 + 0.5) * TWO_POW_MINUS_52;
  }

  /** Uniform integer in [0, n) for an integer 1 <= n <= 2^32, without modulo bias (rejection). */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) {
      throw new RangeError(`RandomStream.int: n must be an integer in [1, 2^32] (got ${n})`);
    }
    // Accept only draws below the largest multiple of n that fits in 32 bits, so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let draw = this.next() >>> 0;
    while (draw >= limit) draw = this.next() >>> 0;
    return draw % n;
  }

  /** Advances the stream by 2^64 draws (xoroshiro128+'s jump): streams jumped apart never overlap. */
  jump(): void {
    let s0High = this.s0High;
    let s0Low = this.s0Low;
    let s1High = this.s1High;
    let s1Low = this.s1Low;
    let j0High = 0;
    let j0Low = 0;
    let j1High = 0;
    let j1Low = 0;
    for (let i = 0; i < 4; i++) {
      const bits = JUMP[i];
      for (let mask = 1; mask !== 0; mask <<= 1) {
        if (bits & mask) {
          j0High ^= s0High;
          j0Low ^= s0Low;
          j1High ^= s1High;
          j1Low ^= s1Low;
        }
        const a0 = s1Low ^ s0Low;
        const a1 = s1High ^ s0High;
        const oldLow = s0Low;
        const oldHigh = s0High;
        s0Low = (oldLow << 24) ^ (oldHigh >>> 8) ^ a0 ^ (a0 << 16);
        s0High = (oldHigh << 24) ^ (oldLow >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s1Low = (a1 << 5) ^ (a0 >>> 27);
        s1High = (a0 << 5) ^ (a1 >>> 27);
      }
    }
    this.s0High = j0High;
    this.s0Low = j0Low;
    this.s1High = j1High;
    this.s1Low = j1Low;
  }

  private setState(s0High: number, s0Low: number, s1High: number, s1Low: number): void {
    if ((s0High | s0Low | s1High | s1Low) === 0) {
      // The state pure-rand's xoroshiro128plus(0) starts in.
      this.s0High = -1;
      this.s0Low = -1;
      this.s1High = 0;
      this.s1Low = 0;
      return;
    }
    this.s0High = s0High | 0;
    this.s0Low = s0Low | 0;
    this.s1High = s1High | 0;
    this.s1Low = s1Low | 0;
  }
}

// --- 64-bit integer arithmetic emulated on 32-bit halves ------------------------------------------------------
// A 64-bit word is a pair of 32-bit halves held as signed 32-bit integers (the bits are what count). The
// operations work in place on `word`, a typed array, rather than taking and returning halves: a number outside
// the small integers passed to or returned from a call (or stored in a module variable) is boxed on the heap,
// an allocation per operation, while a typed-array slot holds it as the machine word it is.
/** The word the operations below work on: word[0] the high half, word[1] the low half. */
const word = new Int32Array(2);

/** High 32 bits of the 64-bit product of two 32-bit integers read as unsigned (16-bit limbs, exact in doubles). */
function multiplyHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const low = a0 * b0;
  const middle1 = a1 * b0 + (low >>> 16);
  const middle2 = a0 * b1 + (middle1 & 0xffff);
  return a1 * b1 + (middle1 >>> 16) + (middle2 >>> 16);
}

/** word += (addHigh, addLow) mod 2^64. */
function add64(addHigh: number, addLow: number): void {
  const sumLow = (word[1] >>> 0) + (addLow >>> 0);
  word[1] = sumLow;
  word[0] = (word[0] + addHigh + (sumLow >= TWO_POW_32 ? 1 : 0)) | 0;
}

/** word = the 64-bit integer n (0 <= n < 2^53). */
function setWord(n: number): void {
  word[0] = Math.floor(n / TWO_POW_32);
  word[1] = n >>> 0;
}

/**
 * SplitMix64's finaliser (Stafford's "Mix13") of `word`, in place: a bijection on 64-bit words with full
 * avalanche — flipping any input bit flips each output bit with probability ~1/2. The two multiplications mod
 * 2^64 are written out: low half by Math.imul, high half by multiplyHigh32 plus the cross terms.
 */
function mix64(): void {
  const high = word[0];
  const low = word[1];
  // z ^= z >>> 30
  let zLow = low ^ ((low >>> 30) | (high << 2));
  let zHigh = high ^ (high >>> 30);
  // z *= 0xbf58476d1ce4e5b9
  let productHigh = (multiplyHigh32(zLow, 0x1ce4e5b9) + Math.imul(zHigh, 0x1ce4e5b9) + Math.imul(zLow, 0xbf58476d)) | 0;
  zLow = Math.imul(zLow, 0x1ce4e5b9);
  zHigh = productHigh;
  // z ^= z >>> 27
  zLow = zLow ^ ((zLow >>> 27) | (zHigh << 5));
  zHigh = zHigh ^ (zHigh >>> 27);
  // z *= 0x94d049bb133111eb
  productHigh = (multiplyHigh32(zLow, 0x133111eb) + Math.imul(zHigh, 0x133111eb) + Math.imul(zLow, 0x94d049bb)) | 0;
  zLow = Math.imul(zLow, 0x133111eb);
  zHigh = productHigh;
  // z ^= z >>> 31
  word[1] = zLow ^ ((zLow >>> 31) | (zHigh << 1));
  word[0] = zHigh ^ (zHigh >>> 31);
}

// SplitMix64's increment (the 64-bit golden ratio) and an odd constant that keys the (stream id, index) word.
const GOLDEN_HIGH = 0x9e3779b9;
const GOLDEN_LOW = 0x7f4a7c15;
const STREAM_KEY_HIGH = 0xd1b54a32;
const STREAM_KEY_LOW = 0xd192ed03;

function checkSeed(seed: number, caller: string): void {
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`${caller}: seed must be a non-negative safe integer (got ${seed})`);
  }
}

function checkUint32(value: number, name: string, caller: string): void {
  // ToUint32 leaves exactly the integers in [0, 2^32) unchanged (NaN becomes 0, fractions are cut).
  if (value >>> 0 !== value) {
    throw new RangeError(`${caller}: ${name} must be an integer in [0, 2^32) (got ${value})`);
  }
}

/**
 * The stream of replication `replication` under `seed`: the seed is spread over the 128-bit state by two
 * SplitMix64 steps, then the generator jumps ahead 2^64 draws once per replication number. Replications are
 * therefore disjoint stretches of one 2^128 - 1 period — no overlap unless one draws 2^64 numbers.
 * Costs `replication` jumps (~0.5 µs each), negligible once per replication.
 */
export function replicationStream(seed: number, replication: number): RandomStream {
  checkSeed(seed, 'replicationStream');
  checkUint32(replication, 'replication', 'replicationStream');
  // SplitMix64 seeded with `seed`: counter += golden, output mix64(counter); its first two outputs are s0, s1.
  setWord(seed);
  add64(GOLDEN_HIGH, GOLDEN_LOW);
  const counterHigh = word[0];
  const counterLow = word[1];
  mix64();
  const s0High = word[0];
  const s0Low = word[1];
  word[0] = counterHigh;
  word[1] = counterLow;
  add64(GOLDEN_HIGH, GOLDEN_LOW);
  mix64();
  const stream = new RandomStream(s0High, s0Low, word[0], word[1]);
  for (let jump = 0; jump < replication; jump++) stream.jump();
  return stream;
}

/**
 * Sub-stream number `index` of stream `streamId` in replication `replication` under `seed` — e.g. the draws
 * of person `index` of arrival stream `streamId`. The key (seed, replication) and the key (stream id, index)
 * each become a 64-bit word; both words are scrambled and mixed into each other by invertible steps into the
 * full 128-bit generator state. For a given seed the map from (replication, stream id, index) to state is
 * injective, so two distinct keys never share a state; a scenario that changes one person's path leaves
 * every other person's numbers unchanged (common random numbers across scenarios).
 * `stream.resetToSubstream(…)` gives the same state without making a new object.
 */
export function substream(seed: number, replication: number, streamId: number, index: number): RandomStream {
  return new RandomStream().resetToSubstream(seed, replication, streamId, index);
}

// The word x of the last (seed, replication) a sub-stream was derived for: a replication derives all its
// sub-streams under one such key, so the two scrambles of x are done once, not once per person.
let xSeed = Number.NaN;
let xReplication = Number.NaN;
const xWord = new Int32Array(2);

/** Word x of (seed, replication) into xWord: the seed scrambled, the replication folded in, scrambled again. */
function deriveX(seed: number, replication: number): void {
  setWord(seed);
  add64(GOLDEN_HIGH, GOLDEN_LOW);
  mix64();
  // Folding the replication into the low half keeps x injective in the replication.
  word[1] ^= replication;
  mix64();
  xWord[0] = word[0];
  xWord[1] = word[1];
  xSeed = seed;
  xReplication = replication;
}
