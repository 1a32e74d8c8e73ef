// The actors of a societal cost-benefit analysis (MKBA): who bears a cost or receives a benefit. A measure file
// names the actor of each of its own costs; the MKBA attributes the model's cost categories to them (see
// docs/mkba.md). One list, with the words people read.
import type { Text } from '../core/locale.ts';

export const ACTORS = [
  'ministry',
  'coa',
  'ind',
  'police',
  'dtv',
  'municipalities',
  'asylumSeekers',
  'society',
] as const;
export type Actor = (typeof ACTORS)[number];

export const ACTOR_LABELS: Record<Actor, Text> = {
  ministry: { nl: 'Ministerie van Justitie en Veiligheid', en: 'Ministry of Justice and Security' },
  coa: { nl: 'COA', en: 'COA (reception agency)' },
  ind: { nl: 'IND', en: 'IND (immigration service)' },
  police: { nl: 'Politie en KMar', en: 'Police and Royal Marechaussee' },
  dtv: { nl: 'DT&V', en: 'DT&V (return service)' },
  municipalities: { nl: 'gemeenten', en: 'municipalities' },
  asylumSeekers: { nl: 'asielzoekers', en: 'asylum seekers' },
  society: { nl: 'overige samenleving', en: 'rest of society' },
};
