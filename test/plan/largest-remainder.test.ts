// Largest-remainder apportionment as a specification: exact sums, the quota rule, the Hamilton choice of who
// gets the leftover places, the written tie rule, and the nested form's exact totals per group — on hand cases
// and on a thousand random inputs from a fixed seed.
import { describe, expect, it } from 'vitest';
import { largestRemainder, largestRemainderNested } from '../../src/plan/largest-remainder.ts';
import { replicationStream } from '../../src/core/random.ts';

const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

/** Random cases: integer weights (some 0) or fractional weights, totals from 0 to 5,000. */
function randomCases(seed: number, count: number): { total: number; weights: number[] }[] {
  const random = replicationStream(seed, 0);
  return Array.from({ length: count }, (_, k) => {
    const n = 1 + random.int(40);
    const fractional = k % 3 === 2;
    const weights = Array.from({ length: n }, () =>
      random.int(5) === 0 ? 0 : fractional ? random.uniform() * 1000 : random.int(1_000_000),
    );
    if (!weights.some((w) => w > 0)) weights[0] = 1;
    return { total: random.int(5001), weights };
  });
}

describe('largestRemainder', () => {
  it('gives 4, 2, 1 for 7 over 50, 30, 20 (quotas 3.5, 2.1, 1.4: floors 3, 2, 1, the leftover place to the largest remainder 0.5)', () => {
    expect(Array.from(largestRemainder(7, [50, 30, 20]))).toEqual([4, 2, 1]);
  });

  it('breaks a tie in the remainder by the larger weight, then by the lower index', () => {
    // 2 over weights 1 and 3: quotas 0.5 and 1.5, equal remainders; the larger weight wins.
    expect(Array.from(largestRemainder(2, [1, 3]))).toEqual([0, 2]);
    expect(Array.from(largestRemainder(2, [3, 1]))).toEqual([2, 0]);
    // Equal weights: the lower index wins, whatever the order of the calls.
    expect(Array.from(largestRemainder(1, [5, 5, 5]))).toEqual([1, 0, 0]);
    expect(Array.from(largestRemainder(2, [5, 5, 5]))).toEqual([1, 1, 0]);
  });

  it('keeps fractional weights exact where their quotas are whole (0.1, 0.2, 0.7 of 10 → 1, 2, 7)', () => {
    expect(Array.from(largestRemainder(10, [0.1, 0.2, 0.7]))).toEqual([1, 2, 7]);
  });

  it('gives nothing to a member of weight 0 and nothing to anyone when the total is 0', () => {
    expect(Array.from(largestRemainder(3, [0, 1, 0, 1]))).toEqual([0, 2, 0, 1]);
    expect(Array.from(largestRemainder(0, [0, 0]))).toEqual([0, 0]);
  });

  it('refuses a total that is negative or not whole, a negative or non-finite weight, and a positive total over zero weights', () => {
    expect(() => largestRemainder(-1, [1])).toThrow(RangeError);
    expect(() => largestRemainder(1.5, [1])).toThrow(RangeError);
    expect(() => largestRemainder(1, [1, -1])).toThrow(RangeError);
    expect(() => largestRemainder(1, [Number.NaN])).toThrow(RangeError);
    expect(() => largestRemainder(1, [0, 0])).toThrow(/every weight is 0/);
  });

  it('on 1,000 random inputs: sums exactly, each figure is the floor or ceiling of its quota, and no rounded-down member had a larger remainder than a rounded-up one', () => {
    for (const { total, weights } of randomCases(20240201, 1000)) {
      const result = largestRemainder(total, weights);
      expect(sum(result)).toBe(total);
      const weightSum = sum(weights);
      const integral = weights.every(Number.isInteger);
      let smallestUp = Infinity;
      let largestDown = -Infinity;
      weights.forEach((w, i) => {
        const quota = (total * w) / weightSum;
        if (integral) {
          // Exact: |aᵢ·Σw − total·wᵢ| < Σw is |aᵢ − qᵢ| < 1 without rounding.
          expect(Math.abs(result[i] * weightSum - total * w)).toBeLessThan(weightSum);
        } else {
          expect(
            result[i] === Math.floor(quota) || result[i] === Math.ceil(quota),
            `${result[i]} for quota ${quota}`,
          ).toBe(true);
        }
        if (w === 0) expect(result[i]).toBe(0);
        const remainder = integral ? (total * w) % weightSum : quota - Math.floor(quota);
        if (result[i] > Math.floor(quota)) smallestUp = Math.min(smallestUp, remainder);
        else if (w > 0) largestDown = Math.max(largestDown, remainder);
      });
      expect(smallestUp >= largestDown || smallestUp === Infinity).toBe(true);
    }
  });

  it('returns the same figures for the same input (deterministic)', () => {
    for (const { total, weights } of randomCases(7, 50))
      expect(largestRemainder(total, weights)).toEqual(largestRemainder(total, weights));
  });
});

describe('largestRemainderNested', () => {
  it('splits 10 over groups {1, 1} and {2} as 5 and 5, then 3, 2 within the first group (tie to the lower index)', () => {
    const { byGroup, byMember } = largestRemainderNested(10, Int32Array.of(0, 0, 1), [1, 1, 2]);
    expect(Array.from(byGroup)).toEqual([5, 5]);
    expect(Array.from(byMember)).toEqual([3, 2, 5]);
  });

  it('on 500 random inputs: group totals sum to the total, members to their group, each the floor or ceiling of its quota at its level', () => {
    const random = replicationStream(99, 0);
    for (const { total, weights } of randomCases(4242, 500)) {
      const groupCount = 1 + random.int(6);
      const groups = Int32Array.from(weights, () => random.int(groupCount));
      const { byGroup, byMember } = largestRemainderNested(total, groups, weights);
      expect(sum(byGroup)).toBe(total);
      const weightSum = sum(weights);
      for (let g = 0; g < byGroup.length; g++) {
        const members = weights.map((_, i) => i).filter((i) => groups[i] === g);
        const groupWeight = sum(members.map((i) => weights[i]));
        expect(sum(members.map((i) => byMember[i]))).toBe(byGroup[g]);
        expect(Math.abs(byGroup[g] - (total * groupWeight) / weightSum)).toBeLessThan(1 + 1e-9);
        for (const i of members) {
          const within = groupWeight > 0 ? (byGroup[g] * weights[i]) / groupWeight : 0;
          expect(Math.abs(byMember[i] - within)).toBeLessThan(1 + 1e-9);
        }
      }
    }
  });

  it('refuses group indices that do not match the weights', () => {
    expect(() => largestRemainderNested(1, Int32Array.of(0), [1, 1])).toThrow(RangeError);
    expect(() => largestRemainderNested(1, Int32Array.of(-1), [1])).toThrow(RangeError);
  });
});
