// The placement's inputs: distances between municipalities, households grouped into interchangeable types, and
// the checks on malformed input.
import type { Coordinates, Household, HouseholdType, Municipality } from './types.ts';

/** Mean radius of the earth (km), the IUGG value. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees (haversine, mean earth radius). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance in km between two municipalities: haversine on lat/lon when both have them, else planar x/y. */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined) {
    return haversineKm({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon });
  }
  if (a.x !== undefined && a.y !== undefined && b.x !== undefined && b.y !== undefined)
    return Math.hypot(a.x - b.x, a.y - b.y);
  throw new RangeError('municipalities need lat/lon (or x/y in km) on both sides of a distance');
}

/**
 * Groups interchangeable households into types: same persons, origin, profile and (when given) group.
 * Types come in order of their first household; with `aggregate: false` every household is its own type.
 */
export function aggregateHouseholds(
  households: readonly Household[],
  options: { group?: (h: Household) => string; aggregate?: boolean } = {},
): HouseholdType[] {
  const byKey = new Map<string, HouseholdType>();
  for (const h of households) {
    const group = options.group?.(h);
    const parts = [h.persons, h.origin, h.profile ?? null, group ?? null];
    if (options.aggregate === false) parts.push(h.id);
    const id = JSON.stringify(parts);
    let type = byKey.get(id);
    if (!type) {
      const key = [
        `${h.persons}p`,
        h.origin,
        h.profile ?? '-',
        ...(group === undefined ? [] : [group]),
        ...(options.aggregate === false ? [h.id] : []),
      ].join('/');
      type = { key, persons: h.persons, origin: h.origin, profile: h.profile, group, householdIds: [] };
      byKey.set(id, type);
    }
    type.householdIds.push(h.id);
  }
  return [...byKey.values()];
}

/** Checks the input; returns the index of each municipality code. Throws a RangeError on malformed input. */
export function validate(
  municipalities: readonly Municipality[],
  households: readonly Household[],
): Map<string, number> {
  const index = new Map<string, number>();
  municipalities.forEach((m, i) => {
    if (index.has(m.code)) throw new RangeError(`municipality ${m.code} appears twice`);
    index.set(m.code, i);
    if (!(Number.isInteger(m.targetPersons) && m.targetPersons >= 0))
      throw new RangeError(`municipality ${m.code}: target ${m.targetPersons} is not a whole number of persons`);
    for (const [size, units] of Object.entries(m.housingStock ?? {})) {
      if (!(Number.isInteger(Number(size)) && Number(size) >= 1))
        throw new RangeError(`municipality ${m.code}: housing stock size ${size}`);
      if (!(Number.isInteger(units) && units >= 0))
        throw new RangeError(`municipality ${m.code}: housing stock ${units} for size ${size}`);
    }
  });
  const ids = new Set<string>();
  for (const h of households) {
    if (ids.has(h.id)) throw new RangeError(`household ${h.id} appears twice`);
    ids.add(h.id);
    if (!(Number.isInteger(h.persons) && h.persons >= 1))
      throw new RangeError(`household ${h.id}: persons ${h.persons}`);
    if (!(Number.isInteger(h.children) && h.children >= 0 && h.children <= h.persons))
      throw new RangeError(`household ${h.id}: children ${h.children}`);
    if (!index.has(h.origin))
      throw new RangeError(`household ${h.id}: origin ${h.origin} is not among the municipalities`);
  }
  return index;
}

/** The default match score: the municipality's labour demand for the profile (0 without a profile). */
export function defaultMatchScore(profile: string | undefined, m: Municipality): number {
  return profile === undefined ? 0 : (m.labourDemand?.[profile] ?? 0);
}
