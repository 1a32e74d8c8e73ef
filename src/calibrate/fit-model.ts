// Writes a calibration into the skeleton's own YAML text: every fitted value replaces the skeleton's in place,
// marked with a `fitted` comment that gives its evidence, and everything else — comments, order, labels,
// sources — stays as the planner wrote it, so `git diff skeleton.yaml fitted.yaml` shows what the log changed.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ChainModel } from '../model/schema.ts';
import { InputError } from '../core/diagnostics.ts';
import { type LoadedModel, loadModelFromDocument } from '../model/load.ts';
import { type LocatedDocument, parseYamlDocument } from '../core/yaml-source.ts';
import type { Calibration } from './calibrate.ts';

/**
 * Loads and checks the fitted model text, which has no file of its own yet. Its fields sit where the skeleton
 * has them (fittedModelYaml replaces values in place), so a problem is reported at that field of the skeleton,
 * saying that the value there was fitted from `source` (the log); problems in files the model names keep theirs.
 */
export function loadFittedModel(yaml: string, skeleton: LocatedDocument, source: string, baseDir: string): LoadedModel {
  let fitted: LocatedDocument;
  try {
    fitted = parseYamlDocument(yaml, skeleton.file);
  } catch (error) {
    if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
    throw new InputError([
      {
        file: skeleton.file,
        line: 1,
        col: 1,
        path: '',
        message: `the model fitted to ${source} cannot be read back (${error.diagnostics[0].message}); please report this with the skeleton model`,
      },
    ]);
  }
  const inSkeleton: LocatedDocument = {
    value: fitted.value,
    file: skeleton.file,
    locate: skeleton.locate,
    locateKey: skeleton.locateKey,
  };
  try {
    return loadModelFromDocument(inSkeleton, baseDir);
  } catch (error) {
    if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
    throw new InputError(
      error.diagnostics.map((d) =>
        d.file === skeleton.file
          ? {
              ...d,
              message: `in the model fitted to ${source}: ${d.message} (the skeleton's value here, or the one fitted from the log, does not fit; check both)`,
            }
          : d,
      ),
    );
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets `value` at `path`, written compactly (flow style for maps and lists). The comment goes after the
 * outermost flow collection on the path — a comment inside `{ … }` would break it over many lines — or after
 * the value itself.
 */
function put(doc: Document, path: (string | number)[], value: unknown, comment: string): void {
  const node = doc.createNode(value) as Node;
  if (isMap(node) || isSeq(node)) node.flow = true;
  doc.setIn(path, node);
  if (comment === '') return;
  let target = doc.getIn(path, true) as (Node & { comment?: string | null }) | undefined;
  for (let depth = 1; depth < path.length; depth++) {
    const ancestor = doc.getIn(path.slice(0, depth), true);
    if ((isMap(ancestor) || isSeq(ancestor)) && ancestor.flow) {
      target = ancestor as Node & { comment?: string | null };
      break;
    }
  }
  if (!target) return;
  target.comment = target.comment ? `${target.comment}; ${comment}` : ` ${comment}`;
}

function evidence(calibration: Calibration, path: string): string {
  const p = calibration.parameters.find((x) => x.path === path);
  if (!p) return 'fitted';
  // Notes longer than a few words belong in the calibration report, not in the model file.
  const note = p.note !== '' && p.note.length <= 40 ? `; ${p.note}` : '';
  return `fitted: n=${p.n.toLocaleString('en-GB')}${p.fit ? `, ${p.fit}` : ''}${note}`;
}

/** The skeleton text with the calibration's values; `source` names the log and window in the header comment. */
export function fittedModelYaml(
  skeletonText: string,
  skeleton: ChainModel,
  calibration: Calibration,
  source: string,
): string {
  const doc = parseDocument(skeletonText, { keepSourceTokens: false });
  const fitted = calibration.model;
  const header = ` Fitted by doorstroom calibrate from ${source}, ${fitted.time.start} for ${fitted.time.horizonDays} days.\n Values marked "fitted" come from the log (n = observations); all others are the skeleton's.`;
  doc.commentBefore = doc.commentBefore ? `${header}\n\n${doc.commentBefore}` : header;

  put(doc, ['time'], fitted.time, 'fitted: the whole months of the log');
  for (const key of ['monthly', 'file', 'perDay', 'forecast'])
    if (doc.hasIn(['inflow', key])) doc.deleteIn(['inflow', key]);
  const monthly = doc.createNode(fitted.inflow.monthly) as Node;
  if (isSeq(monthly)) for (const row of monthly.items) if (isMap(row)) row.flow = true;
  doc.setIn(['inflow', 'monthly'], monthly);
  const monthlyNode = doc.getIn(['inflow', 'monthly'], true) as Node & { commentBefore?: string | null };
  monthlyNode.commentBefore = ` ${evidence(calibration, 'inflow.monthly')}`;

  fitted.cohorts.forEach((cohort, i) => {
    const before = skeleton.cohorts[i];
    const at = (key: string) => `cohorts[${cohort.id}].${key}`;
    if (!same(before.shareOfInflow, cohort.shareOfInflow))
      put(doc, ['cohorts', i, 'shareOfInflow'], cohort.shareOfInflow, 'fitted: share of arrivals');
    if (!same(before.childShare, cohort.childShare))
      put(doc, ['cohorts', i, 'childShare'], cohort.childShare, evidence(calibration, at('childShare')));
    if (!same(before.householdSize, cohort.householdSize))
      put(doc, ['cohorts', i, 'householdSize'], cohort.householdSize, evidence(calibration, at('householdSize')));
    const changedGrants = Object.keys(cohort.grantProbability).filter(
      (stage) => before.grantProbability[stage] !== cohort.grantProbability[stage],
    );
    if (changedGrants.length > 0) {
      const n = changedGrants.map(
        (stage) => calibration.parameters.find((p) => p.path === at(`grantProbability.${stage}`))?.n ?? 0,
      );
      put(
        doc,
        ['cohorts', i, 'grantProbability'],
        cohort.grantProbability,
        `fitted: ${changedGrants.map((stage, j) => `${stage} n=${n[j].toLocaleString('en-GB')}`).join(', ')}`,
      );
    }
    if (!same(before.trackProbabilities, cohort.trackProbabilities))
      put(
        doc,
        ['cohorts', i, 'trackProbabilities'],
        cohort.trackProbabilities,
        evidence(calibration, at('trackProbabilities')),
      );
    if (!same(before.departure, cohort.departure))
      put(doc, ['cohorts', i, 'departure'], cohort.departure, evidence(calibration, at('departure')));
    const fr = cohort.familyReunification;
    if (fr && before.familyReunification) {
      if (fr.membersPerGrantedCase !== before.familyReunification.membersPerGrantedCase)
        put(
          doc,
          ['cohorts', i, 'familyReunification', 'membersPerGrantedCase'],
          fr.membersPerGrantedCase,
          evidence(calibration, at('familyReunification')),
        );
      if (!same(fr.delay, before.familyReunification.delay))
        put(doc, ['cohorts', i, 'familyReunification', 'delay'], fr.delay, 'fitted: grant-to-arrival delay');
    }
  });

  fitted.stages.forEach((stage, i) => {
    const before = skeleton.stages[i];
    if (!same(before.serviceTime, stage.serviceTime))
      put(
        doc,
        ['stages', i, 'serviceTime'],
        stage.serviceTime,
        evidence(calibration, `stages[${stage.id}].serviceTime`),
      );
    if (!same(before.capacity, stage.capacity) && typeof stage.capacity === 'object') {
      if ('servers' in stage.capacity)
        put(
          doc,
          ['stages', i, 'capacity', 'servers'],
          stage.capacity.servers,
          evidence(calibration, `stages[${stage.id}].capacity.servers`),
        );
      else if ('throughput' in stage.capacity)
        put(
          doc,
          ['stages', i, 'capacity', 'throughput', 'amount'],
          stage.capacity.throughput.amount,
          evidence(calibration, `stages[${stage.id}].capacity.throughput.amount`),
        );
    }
    if (Array.isArray(stage.next) && Array.isArray(before.next)) {
      stage.next.forEach((branch, j) => {
        const old = (before.next as typeof stage.next)[j];
        if (branch.probability !== old.probability) {
          const when = branch.when === undefined ? '' : ` when ${JSON.stringify(branch.when)}`;
          put(
            doc,
            ['stages', i, 'next', j, 'probability'],
            branch.probability,
            evidence(calibration, `stages[${stage.id}].next${when}`).replace(/; .*$/, ''),
          );
        }
      });
    }
  });

  put(doc, ['initialState'], fitted.initialState, '');
  const initial = doc.getIn(['initialState'], true);
  if (isSeq(initial)) {
    initial.flow = false;
    for (const item of initial.items) if (isMap(item)) item.flow = true;
    (initial as Node & { commentBefore?: string | null }).commentBefore = ` ${evidence(calibration, 'initialState')}`;
  }
  // Numbers stay plain: no quoting of scalars that yaml would otherwise keep as they were typed.
  for (const path of [['time', 'start']]) {
    const n = doc.getIn(path, true);
    if (isScalar(n)) n.type = 'PLAIN';
  }
  return doc.toString({ lineWidth: 120 });
}
