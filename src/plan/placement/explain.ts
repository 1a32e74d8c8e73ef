// Why a placement falls short: supply, housing stock, distance caps and household sizes, per municipality and
// per type not placed, in numbers and words.
import { lpName } from '../lp.ts';
import type { Instance } from './instance.ts';
import type { Explanation, Household, HouseholdType, MunicipalityOutcome, ShortfallReason } from './types.ts';

/** Why the placement falls short of the targets, leaves households unplaced or exceeds a cap, in numbers and words. */
export function explain(
  inst: Instance,
  outcomes: readonly MunicipalityOutcome[],
  types: readonly HouseholdType[],
  count: Float64Array,
  households: readonly Household[],
  keepNear: number | undefined,
  hasSolution: boolean,
): Explanation {
  const munis = inst.municipalities;
  const supplyPersons = households.reduce((a, h) => a + h.persons, 0);
  const targetPersons = munis.reduce((a, m) => a + m.targetPersons, 0);
  const messages: string[] = [];
  if (!hasSolution) messages.push('the solver found no placement within its time limit: nothing is placed');
  if (supplyPersons < targetPersons) {
    messages.push(
      `${supplyPersons} persons to place against targets adding up to ${targetPersons}: at least ${targetPersons - supplyPersons} persons short in total`,
    );
  }
  // Housing stock against households, per size, where every municipality limits that size.
  const sizes = [...new Set(households.map((h) => h.persons))].sort((a, b) => a - b);
  for (const s of sizes) {
    if (!munis.every((m) => m.housingStock && s in m.housingStock)) continue;
    const units = munis.reduce((a, m) => a + m.housingStock![s], 0);
    const n = households.filter((h) => h.persons === s).length;
    if (units < n)
      messages.push(`${n} households of ${s} persons against ${units} dwellings for that size in all municipalities`);
  }
  // Remaining room per municipality and size (Infinity where the size is not limited).
  const room = (j: number, size: number) => {
    const stock = munis[j].housingStock;
    if (!stock || !(size in stock)) return Infinity;
    return stock[size] - (outcomes[j].housing?.find((h) => h.size === size)?.used ?? 0);
  };
  const reachable: Set<number>[] = munis.map(() => new Set());
  const reachOf: number[][] = types.map(() => []);
  for (let k = 0; k < inst.pairType.length; k++) {
    reachable[inst.pairMuni[k]].add(inst.pairType[k]);
    reachOf[inst.pairType[k]].push(inst.pairMuni[k]);
  }
  const left = Float64Array.from(types, (t) => t.householdIds.length);
  for (let k = 0; k < inst.pairType.length; k++) left[inst.pairType[k]] -= count[k];
  const unplacedByType = new Map<number, number>();
  left.forEach((n, i) => n > 0 && unplacedByType.set(i, n));
  const short: Explanation['short'] = [];
  outcomes.forEach((o, j) => {
    if (o.shortfall <= 1e-9) return;
    const entry = shortfall(inst, o, j, [...reachable[j]], room, supplyPersons < targetPersons);
    short.push(entry);
    messages.push(
      `${o.name} (${o.code}): ${o.shortfall} of ${o.targetPersons} persons short — ${why(entry, keepNear, inst.allowance)}`,
    );
  });
  const unplaced: Explanation['unplaced'] = [];
  for (const [i, n] of unplacedByType) {
    const t = types[i];
    const reasons: ShortfallReason[] = [];
    if (reachOf[i].length === 0) reasons.push('distance-cap');
    else if (reachOf[i].every((j) => room(j, t.persons) < 1)) reasons.push('housing-stock');
    else reasons.push('other-targets');
    unplaced.push({ type: t.key, households: n, persons: n * t.persons, reasons });
    messages.push(
      `${n} households of type ${t.key} are not placed: ${
        reasons[0] === 'distance-cap'
          ? `no municipality within ${keepNear} km of ${t.origin}`
          : reasons[0] === 'housing-stock'
            ? `no dwelling for ${t.persons} persons left where they may go`
            : 'no room left where they may go'
      }`,
    );
  }
  const excess = outcomes.filter((o) => o.excess > 1e-9).map((o) => ({ code: o.code, name: o.name, excess: o.excess }));
  for (const e of excess)
    messages.push(
      `${e.name} (${e.code}): ${e.excess} persons above its target plus the allowance of ${inst.allowance} (${lpName('cap', e.code)})`,
    );
  const feasible = hasSolution && short.length === 0 && unplaced.length === 0 && excess.length === 0;
  return { feasible, supplyPersons, targetPersons, messages, short, unplaced, excess };
}

type Shortfall = Explanation['short'][number];

/**
 * Why municipality j (outcome `o`) falls short, given the types that may come there (`reach`) and the dwellings
 * left (`room`): its reasons and the rows that bind.
 */
function shortfall(
  inst: Instance,
  o: MunicipalityOutcome,
  j: number,
  reach: number[],
  room: (j: number, size: number) => number,
  shortOfSupply: boolean,
): Shortfall {
  const { municipalities: munis, types } = inst;
  const reasons: ShortfallReason[] = [];
  const binding: string[] = [lpName('target', munis[j].code)];
  if (reach.length === 0) reasons.push('distance-cap');
  else {
    const withRoom = reach.filter((t) => room(j, types[t].persons) >= 1);
    if (withRoom.length === 0) {
      reasons.push('housing-stock');
      for (const s of new Set(reach.map((t) => types[t].persons))) binding.push(lpName('stock', munis[j].code, s));
    }
    if (shortOfSupply) reasons.push('supply');
    if (withRoom.length > 0 && withRoom.every((t) => types[t].persons > o.shortfall + inst.allowance))
      reasons.push('household-size');
    if (reasons.length === 0) reasons.push('other-targets');
  }
  return { code: o.code, name: o.name, shortfall: o.shortfall, reasons, binding };
}

/** The reasons of a shortfall in words. */
function why(entry: Shortfall, keepNear: number | undefined, allowance: number): string {
  return entry.reasons
    .map((r) =>
      r === 'distance-cap'
        ? `no household has its origin within ${keepNear} km`
        : r === 'housing-stock'
          ? `its housing stock is used up (${entry.binding.slice(1).join(', ')})`
          : r === 'supply'
            ? 'there are fewer persons than targets'
            : r === 'household-size'
              ? `every household that could come is larger than the ${entry.shortfall} persons missing plus the allowance of ${allowance}`
              : 'the households that could come fill other targets',
    )
    .join('; ');
}
