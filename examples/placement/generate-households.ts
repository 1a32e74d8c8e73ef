// Writes examples/placement/households.csv (1,000 synthetic households, seed 2026; see households.ts).
// Run from the repository root: node examples/placement/generate-households.ts
import { writeFileSync } from 'node:fs';
import { exampleHouseholdsCsv } from './households.ts';

writeFileSync(new URL('./households.csv', import.meta.url), exampleHouseholdsCsv(1000));
