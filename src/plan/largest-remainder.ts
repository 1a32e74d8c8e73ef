// Apportionment by the largest-remainder (Hamilton) method: whole numbers that add up exactly to a total, each
// the floor or the ceiling of its exact quota total × wᵢ / Σw, with ties broken by a fixed rule so that the same
// input always gives the same result. Pure computation; the nested form apportions to groups, then within them.

/**
 * Splits `total` (a whole number ≥ 0) over members in proportion to `weights` (finite, ≥ 0) by the Hamilton
 * method: every member first gets the floor of its quota qᵢ = total · wᵢ / Σw, and the places left over go one
 * each to the members with the largest remainders qᵢ − ⌊qᵢ⌋. Ties in the remainder go to the larger weight,
 * then to the lower index. The result sums to exactly `total`, each entry is ⌊qᵢ⌋ or ⌈qᵢ⌉ (the quota rule),
 * and a member of weight 0 gets 0.
 *
 * When every weight is a whole number and total · Σw stays below 2⁵³ (populations, places), the remainders are
 * compared exactly, as integers (total · wᵢ mod Σw); otherwise in floating point.
 *
 * @example largestRemainder(7, [50, 30, 20]) // Int32Array [4, 2, 1]: quotas 3.5, 2.1, 1.4
 */
export function largestRemainder(total: number, weights: ArrayLike<number>): Int32Array {
  if (!Number.isInteger(total) || total < 0 || total > 0x7fffffff) {
    throw new RangeError(`largestRemainder: the total must be a whole number from 0 to 2147483647, got ${total}`);
  }
  const n = weights.length;
  let weightSum = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0)
      throw new RangeError(`largestRemainder: weight ${i} is ${w}; weights must be finite and ≥ 0`);
    weightSum += w;
    if (!Number.isInteger(w)) integral = false;
  }
  const result = new Int32Array(n);
  if (total === 0) return result;
  if (!(weightSum > 0)) throw new RangeError(`largestRemainder: ${total} cannot be split when every weight is 0`);

  // remainder[i] orders the members; with exact integers it is total·wᵢ mod Σw, otherwise the fractional part.
  const remainder = new Float64Array(n);
  const exact = integral && total * weightSum <= Number.MAX_SAFE_INTEGER;
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    let floor: number;
    if (exact) {
      const product = total * weights[i];
      floor = Math.floor(product / weightSum);
      let rest = product - floor * weightSum;
      // The division is rounded; the integer remainder tells whether the floor is one off.
      if (rest < 0) {
        floor -= 1;
        rest += weightSum;
      } else if (rest >= weightSum) {
        floor += 1;
        rest -= weightSum;
      }
      remainder[i] = rest;
    } else {
      const quota = (total * weights[i]) / weightSum;
      floor = Math.floor(quota);
      remainder[i] = quota - floor;
    }
    result[i] = floor;
    assigned += floor;
  }

  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => remainder[b] - remainder[a] || weights[b] - weights[a] || a - b,
  );
  let left = total - assigned;
  // In exact arithmetic 0 ≤ left < n. Floating-point quotas can overshoot by a place: take it back from the
  // smallest remainders, which are the quotas closest to their floor.
  for (let k = n - 1; left < 0 && k >= 0; k--) {
    if (result[order[k]] > 0) {
      result[order[k]] -= 1;
      left += 1;
    }
  }
  for (let k = 0; left > 0 && k < n; k++) {
    if (weights[order[k]] === 0) continue; // never a place for a member without weight
    result[order[k]] += 1;
    left -= 1;
  }
  if (left !== 0) throw new Error(`largestRemainder: internal error, ${left} places left over`);
  return result;
}

/** The result of a two-level apportionment: whole numbers per group and per member, each summing exactly. */
export interface NestedApportionment {
  /** Per group: the apportionment of the total by the groups' summed weights; sums to the total. */
  byGroup: Int32Array;
  /** Per member: the apportionment of its group's number by the weights within the group; sums to it. */
  byMember: Int32Array;
}

/**
 * Two-level largest remainder: first `total` over the groups in proportion to each group's summed weight, then
 * each group's number over its members. Group totals are exact (provinces), member figures add up to their
 * group's (municipalities). `groups[i]` is the 0-based group of member i; groups are 0 … max(groups).
 * A member's figure is the floor or ceiling of its quota within its group, which can differ from its national
 * quota total · wᵢ / Σw by more than one place when its group was rounded.
 *
 * @example largestRemainderNested(10, Int32Array.of(0, 0, 1), [1, 1, 2]) // byGroup [5, 5], byMember [3, 2, 5]
 */
export function largestRemainderNested(
  total: number,
  groups: Int32Array,
  weights: ArrayLike<number>,
): NestedApportionment {
  if (groups.length !== weights.length) {
    throw new RangeError(`largestRemainderNested: ${groups.length} group indices for ${weights.length} weights`);
  }
  let groupCount = 0;
  for (const g of groups) {
    if (g < 0) throw new RangeError(`largestRemainderNested: group index ${g} is negative`);
    groupCount = Math.max(groupCount, g + 1);
  }
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groups.forEach((g, i) => members[g].push(i));
  const groupWeights = members.map((m) => m.reduce((sum, i) => sum + weights[i], 0));
  const byGroup = largestRemainder(total, groupWeights);
  const byMember = new Int32Array(weights.length);
  members.forEach((m, g) => {
    const within = largestRemainder(
      byGroup[g],
      m.map((i) => weights[i]),
    );
    m.forEach((i, k) => (byMember[i] = within[k]));
  });
  return { byGroup, byMember };
}
