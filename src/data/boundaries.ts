// The shipped boundaries of municipalities and provinces (CBS/PDOK division 2026, generalised; see data/SOURCES.md),
// read once per process for the maps of the allocation reports. Codes are CBS codes of that division year.
import { readFileSync } from 'node:fs';

export const SHIPPED_BOUNDARIES = {
  municipalities: { file: new URL('../../data/nl_municipalities.topojson', import.meta.url), object: 'gemeente_2026' },
  provinces: { file: new URL('../../data/nl_provinces.topojson', import.meta.url), object: 'provincie_2026' },
  divisionYear: 2026,
} as const;

let cache: { municipalities: unknown; provinces: unknown } | undefined;

/** The parsed municipality and province topologies. */
export function loadBoundaries(): { municipalities: unknown; provinces: unknown } {
  cache ??= {
    municipalities: JSON.parse(readFileSync(SHIPPED_BOUNDARIES.municipalities.file, 'utf8')) as unknown,
    provinces: JSON.parse(readFileSync(SHIPPED_BOUNDARIES.provinces.file, 'utf8')) as unknown,
  };
  return cache;
}
