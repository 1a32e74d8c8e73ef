// A synthetic, deterministic set of permit holders' households waiting in reception, for trying and measuring
// `doorstroom allocate placement`. Not data about real people: sizes follow the shares below, origins are
// municipalities with a reception location (CBS division 2026), profiles are drawn at random.
import { replicationStream } from '../../src/core/random.ts';

/** Municipalities with a reception location (CBS division 2026) and their weight in the draw. */
const ORIGINS: [string, number][] = [
  ['GM1950', 6], // Westerwolde (Ter Apel)
  ['GM1706', 3], // Cranendonck (Budel)
  ['GM0109', 2], // Coevorden
  ['GM1952', 2], // Midden-Groningen
  ['GM0784', 2], // Gilze en Rijen
  ['GM0106', 2], // Assen
  ['GM0268', 2], // Nijmegen
  ['GM0307', 1], // Amersfoort
  ['GM0637', 1], // Zoetermeer
  ['GM0599', 2], // Rotterdam
  ['GM0344', 1], // Utrecht
  ['GM0202', 1], // Arnhem
];
/** Shares of households of 1, 2, … 6 persons. */
const SIZES = [0.55, 0.15, 0.12, 0.1, 0.05, 0.03];
const PROFILES = ['technical', 'care', 'logistics', 'hospitality', ''];

/** `count` households as the CSV text `allocate placement --households` reads; the same seed gives the same text. */
export function exampleHouseholdsCsv(count: number, seed = 2026): string {
  const rng = replicationStream(seed, 0);
  const pick = (weights: readonly number[]): number => {
    let u = rng.uniform() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  const digits = Math.max(4, String(count).length);
  const lines = [
    `# Synthetic example (not real people): ${count.toLocaleString('en-GB')} households of permit holders waiting in reception, made by`,
    `# examples/placement/households.ts with seed ${seed}. origin = CBS code (division 2026) of the reception location.`,
    'id,persons,children,origin,profile',
  ];
  for (let i = 1; i <= count; i++) {
    const persons = 1 + pick(SIZES);
    const children = persons === 1 ? 0 : Math.max(0, persons - 1 - Math.floor(rng.uniform() * 2));
    const origin = ORIGINS[pick(ORIGINS.map(([, w]) => w))][0];
    const profile = PROFILES[Math.floor(rng.uniform() * PROFILES.length)];
    lines.push(`hh-${String(i).padStart(digits, '0')},${persons},${children},${origin},${profile}`);
  }
  return lines.join('\n') + '\n';
}
