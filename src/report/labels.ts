// The names a person reads in a report: the model's labels for its stages, locations, partners, norms, playbook
// rules, tracks and cohorts, falling back to the id where the model gives no label or is not at hand.

interface Labelled {
  id: string;
  label?: string;
}

/** The parts of a chain model that carry labels (a ChainModel fits). */
export interface LabelledModel {
  stages?: readonly Labelled[];
  partners?: readonly Labelled[];
  norms?: readonly Labelled[];
  tracks?: readonly Labelled[];
  cohorts?: readonly Labelled[];
  playbook?: readonly Labelled[];
  reception?: { locations?: readonly Labelled[] };
}

export type LabelKind = 'stage' | 'partner' | 'norm' | 'track' | 'cohort' | 'rule' | 'location';

/** The label of an id of a kind; the id itself when there is none. */
export type Labels = (kind: LabelKind, id: string) => string;

/** The labels of `model` (or the ids alone without one). */
export function modelLabels(model?: LabelledModel): Labels {
  const byKind = new Map<LabelKind, Map<string, string>>();
  const add = (kind: LabelKind, list: readonly Labelled[] | undefined) =>
    byKind.set(kind, new Map((list ?? []).filter((x) => x.label).map((x) => [x.id, x.label!])));
  add('stage', model?.stages);
  add('partner', model?.partners);
  add('norm', model?.norms);
  add('track', model?.tracks);
  add('cohort', model?.cohorts);
  add('rule', model?.playbook);
  add('location', model?.reception?.locations);
  return (kind, id) => byKind.get(kind)?.get(id) ?? id;
}
