// Measures as overlays: a measure is a small YAML file that sets, scales, adds or removes fields of a base
// chain model, addressed by dot paths with list elements selected by id (`stages[aa].capacity.servers`). A
// scenario is the base model with measures applied in order; the result is checked like any model file. Every
// problem — a path that does not exist, a change that does not fit, two changes that touch the same field, an
// error in the combined model — is a located InputError in the file that causes it, all reported at once.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { type Diagnostic, InputError, suggestSpelling } from '../core/diagnostics.ts';
import { type LoadedModel, MEASURE_FILE_KEY, loadModelFromDocument } from './load.ts';
import { IsoDate, LIMITS } from './schema.ts';
import { type LocatedDocument, type SourcePosition, zodIssuesToDiagnostics } from '../core/yaml-source.ts';
import { loadYamlFile } from '../core/read-file.ts';
import { MeasureCost, type ScenarioCost } from './measure-cost.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';

// ---------------------------------------------------------------------------------------------------------
// Paths

/** One step of a measure path: a field of a mapping, or the element of a list that has this id. */
export type PathSegment = { key: string } | { id: string };

const partPattern = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[[^[\]]*\])*)$/;

/** `stages[aa].capacity.servers` → segments; a text saying what is wrong when the path cannot be read. */
export function parseMeasurePath(text: string): PathSegment[] | string {
  if (text.trim() === '') return 'the path is empty; write a dot path such as stages[aa].capacity.servers';
  const segments: PathSegment[] = [];
  for (const part of text.split('.')) {
    const match = partPattern.exec(part);
    if (!match) {
      return `cannot read "${part}" in the path "${text}": write field names joined by dots, and select a list element by its id in brackets, e.g. stages[aa].capacity.servers`;
    }
    segments.push({ key: match[1] });
    for (const [, id] of match[2].matchAll(/\[([^[\]]*)\]/g)) {
      const trimmed = id.trim();
      if (trimmed === '')
        return `empty brackets in "${text}": put the id of a list element between them, e.g. stages[aa]`;
      if (/^\d+$/.test(trimmed))
        return `"[${trimmed}]" in "${text}" selects by position; select a list element by its id instead, e.g. stages[aa]`;
      segments.push({ id: trimmed });
    }
  }
  return segments;
}

function renderSegments(segments: readonly (PathSegment | { index: number })[]): string {
  let text = '';
  for (const s of segments) {
    if ('key' in s) text += text === '' ? s.key : `.${s.key}`;
    else if ('id' in s) text += `[${s.id}]`;
    else text += `[${s.index}]`;
  }
  return text;
}

function sameSegment(a: PathSegment, b: PathSegment): boolean {
  return 'key' in a ? 'key' in b && a.key === b.key : 'id' in b && a.id === b.id;
}

function isPrefix<T>(prefix: readonly T[], path: readonly T[], same: (a: T, b: T) => boolean): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => same(s, path[i]));
}

// ---------------------------------------------------------------------------------------------------------
// The measure file

const PathText = z.string().superRefine((text, ctx) => {
  const parsed = parseMeasurePath(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const operations = ['set', 'scale', 'add', 'remove'] as const;
type Operation = (typeof operations)[number];

const Change = z
  .strictObject({
    set: PathText.optional().describe('Replace the value at this path (with "from": a schedule from that date on).'),
    scale: PathText.optional().describe('Multiply the number, list of numbers or schedule at this path by "by".'),
    add: PathText.optional().describe('Append "value" to the list at this path.'),
    remove: PathText.optional().describe('Delete this optional field, or this list element.'),
    value: z.unknown().optional(),
    by: z.number().finite().nonnegative().optional().describe('Factor for scale.'),
    from: IsoDate.optional().describe('For schedules: the change holds from this date on; earlier steps are kept.'),
  })
  .superRefine((change, ctx) => {
    const given = operations.filter((op) => change[op] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? 'a change needs one of set, scale, add or remove'
            : `a change has one operation; this one has ${given.join(' and ')} — split it into ${given.length} changes`,
      });
      return;
    }
    const op = given[0];
    const needs = (field: 'value' | 'by', what: string) => {
      if (change[field] === undefined || change[field] === null)
        ctx.addIssue({ code: 'custom', path: [op], message: `${op} needs "${field}": ${what}` });
    };
    const forbids = (field: 'value' | 'by' | 'from', why: string) => {
      if (change[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" does not belong to ${op}: ${why}` });
    };
    if (op === 'set') {
      needs('value', 'the new value');
      forbids('by', 'use scale to multiply');
    } else if (op === 'scale') {
      needs('by', 'the factor');
      forbids('value', 'scale multiplies by "by"; use set to give a value');
    } else if (op === 'add') {
      needs('value', 'the list element to append');
      forbids('by', 'add appends "value"');
      forbids('from', 'add appends to a list; for a date, add a location with a beds schedule');
    } else {
      forbids('value', 'remove deletes the field');
      forbids('by', 'remove deletes the field');
      forbids('from', 'remove deletes the field; to stop a capacity from a date, set it to 0 from that date');
    }
  });

/** A measure file: what a measure changes in a base model, with its sources and assumptions. */
export const MeasureFile = z
  .strictObject({
    'doorstroom-measure': z.literal(1).describe('Measure format version.'),
    name: z.string().min(1),
    description: z.string().optional(),
    sources: z.array(z.string()).default([]).describe('Where the numbers come from.'),
    assumptions: z.array(z.string()).default([]).describe('Stated assumptions.'),
    changes: z
      .array(Change)
      .max(LIMITS.measureChanges)
      .default([])
      .describe(
        `Applied in order to the base model; at most ${LIMITS.measureChanges}. May be empty when the measure has costs only.`,
      ),
    costs: z
      .array(MeasureCost)
      .max(LIMITS.measureChanges)
      .optional()
      .describe("The measure's own costs and benefits for the MKBA, each with its actor and a source or assumption."),
  })
  .superRefine((file, ctx) => {
    if (file.changes.length === 0 && (file.costs ?? []).length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['changes'],
        message: 'a measure needs at least one change (or, for a measure that only costs, a "costs" list)',
      });
  });
export type MeasureFile = z.infer<typeof MeasureFile>;

export interface MeasureChange {
  op: Operation;
  pathText: string;
  segments: PathSegment[];
  value?: unknown;
  by?: number;
  from?: string;
  /** Index in the file's `changes`. */
  index: number;
}

export interface ParsedMeasure {
  file: string;
  doc: LocatedDocument;
  measure: MeasureFile;
  changes: MeasureChange[];
}

/** Whether a parsed YAML document is a measure file (it has `doorstroom-measure`, not a model's `doorstroom`). */
export function isMeasureDocument(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    MEASURE_FILE_KEY in value &&
    !('doorstroom' in value)
  );
}

function readMeasure(path: string): ParsedMeasure {
  return readMeasureDocument(loadYamlFile(path));
}

/** Checks a measure file on its own (its schema: operations, paths, values), without a base model. */
export function readMeasureDocument(doc: LocatedDocument): ParsedMeasure {
  const top = doc.value;
  if (
    top !== null &&
    typeof top === 'object' &&
    !Array.isArray(top) &&
    'doorstroom' in top &&
    !(MEASURE_FILE_KEY in top)
  ) {
    throw new InputError([
      {
        file: doc.file,
        ...doc.locateKey(['doorstroom']),
        path: '',
        message: `this is a chain model, not a measure file (a measure starts with "${MEASURE_FILE_KEY}: 1"); give it as the model, and measures with --with`,
      },
    ]);
  }
  const parsed = MeasureFile.safeParse(doc.value);
  if (!parsed.success) throw new InputError(zodIssuesToDiagnostics(parsed.error.issues, doc, MeasureFile));
  const changes = parsed.data.changes.map((c, index): MeasureChange => {
    const op = operations.find((o) => c[o] !== undefined)!;
    const pathText = c[op]!;
    return {
      op,
      pathText,
      segments: parseMeasurePath(pathText) as PathSegment[],
      value: c.value,
      by: c.by,
      from: c.from,
      index,
    };
  });
  return { file: doc.file, doc, measure: parsed.data, changes };
}

/** The JSON Schema of measure files, for editors (`doorstroom schema --measure > measure.schema.json`). */
export function measureJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MeasureFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'doorstroom measure' };
}

// ---------------------------------------------------------------------------------------------------------
// Walking a YAML value along a path

type Container = Record<string, unknown> | unknown[];
type Concrete = (string | number)[];

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  return isMapping(value) && typeof value.id === 'string' ? value.id : undefined;
}

interface Target {
  parent: Container;
  key: string | number;
  /** Concrete path (keys and list indices) of the target. */
  concrete: Concrete;
  exists: boolean;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'not set';
  if (value === null) return 'empty';
  if (typeof value === 'string')
    return `text (${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)})`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping of fields';
}

function singular(listName: string): string {
  return listName.endsWith('s') ? listName.slice(0, -1) : `element of ${listName}`;
}

/** Follows `segments` from `root`; a missing last field is allowed when `allowMissingLast` (set and add create it). */
function walk(root: unknown, segments: readonly PathSegment[], allowMissingLast: boolean): Target | string {
  let current: unknown = root;
  let parent: Container | undefined;
  let key: string | number = '';
  const concrete: Concrete = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const here = renderSegments(segments.slice(0, i));
    const last = i === segments.length - 1;
    if ('key' in segment) {
      if (!isMapping(current)) {
        return Array.isArray(current)
          ? `${here} is a list; select an element by its id, e.g. ${here}[${idOf(current[0]) ?? 'id'}]`
          : `${here} is ${kindOf(current)}, which has no field "${segment.key}"`;
      }
      if (!Object.hasOwn(current, segment.key)) {
        if (last && allowMissingLast)
          return { parent: current, key: segment.key, concrete: [...concrete, segment.key], exists: false };
        const fields = Object.keys(current);
        const hint = suggestSpelling(segment.key, fields);
        const where = here === '' ? 'the model' : here;
        return `no field "${segment.key}" in ${where}${hint ? ` (did you mean "${hint}"?)` : ''}; its fields are: ${fields.join(', ') || '(none)'}`;
      }
      parent = current;
      key = segment.key;
      current = current[segment.key];
      concrete.push(segment.key);
    } else {
      const previous = segments[i - 1];
      const listName = previous && 'key' in previous ? previous.key : 'list';
      if (!Array.isArray(current)) {
        return isMapping(current)
          ? `${here} is a mapping, not a list; write ${here}.${segment.id} for its field "${segment.id}"`
          : `${here} is ${kindOf(current)}, not a list; [${segment.id}] selects a list element by its id`;
      }
      const ids = current.map(idOf).filter((id): id is string => id !== undefined);
      if (ids.length === 0 && current.length > 0)
        return `the elements of ${here} have no id, so [${segment.id}] cannot select one; set the whole list instead`;
      const index = current.findIndex((el) => idOf(el) === segment.id);
      if (index < 0) {
        const hint = suggestSpelling(segment.id, ids);
        return `no ${singular(listName)} "${segment.id}"${hint ? ` (did you mean "${hint}"?)` : ''}; ${listName} are: ${ids.join(', ') || '(none)'}`;
      }
      parent = current;
      key = index;
      current = current[index];
      concrete.push(index);
    }
  }
  if (parent === undefined) return 'a change needs a path to a field, not the whole model';
  return { parent, key, concrete, exists: true };
}

function getAt(target: Target): unknown {
  return (target.parent as Record<string | number, unknown>)[target.key];
}

function putAt(target: Target, value: unknown): void {
  (target.parent as Record<string | number, unknown>)[target.key] = value;
}

// ---------------------------------------------------------------------------------------------------------
// Schedules

interface Step {
  from: string;
  value: number;
}

function isSteps(value: unknown): value is Step[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((s) => isMapping(s) && typeof s.from === 'string' && typeof s.value === 'number')
  );
}

/** Products such as 0.1 × 3 are kept to 12 significant digits, so a reviewer sees 0.3, not 0.30000000000000004. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

function modelStart(root: unknown): string | undefined {
  const time = isMapping(root) ? root.time : undefined;
  return isMapping(time) && typeof time.start === 'string' ? time.start : undefined;
}

function scaleValue(
  current: unknown,
  by: number,
  from: string | undefined,
  start: string | undefined,
): unknown | string {
  if (typeof current === 'number') {
    if (from === undefined || (start !== undefined && from <= start)) return tidy(current * by);
    if (start === undefined) return 'scale with "from" on a number needs the model\'s time.start';
    return [
      { from: start, value: current },
      { from, value: tidy(current * by) },
    ];
  }
  if (isSteps(current)) {
    const steps = current.map((s) =>
      from === undefined || s.from >= from ? { ...s, value: tidy(s.value * by) } : { ...s },
    );
    if (from !== undefined && !current.some((s) => s.from === from)) {
      // The step in force at `from` is split there: its value up to `from`, the scaled value after.
      const before = current.filter((s) => s.from < from);
      if (before.length > 0)
        steps.splice(before.length, 0, { from, value: tidy(before[before.length - 1].value * by) });
    }
    return steps;
  }
  if (Array.isArray(current) && current.length > 0 && current.every((v) => typeof v === 'number')) {
    if (from !== undefined)
      return '"from" needs a schedule (a number or a list of {from, value} steps); this is a list of numbers';
    return current.map((v: number) => tidy(v * by));
  }
  return `cannot scale ${kindOf(current)}; scale works on a number, a list of numbers or a schedule`;
}

function setFromValue(current: unknown, value: unknown, from: string, start: string | undefined): unknown | string {
  if (typeof value !== 'number')
    return `with "from", the value is the schedule's number from ${from} on; got ${kindOf(value)}`;
  let steps: Step[];
  if (typeof current === 'number') {
    if (start === undefined) return 'set with "from" on a number needs the model\'s time.start';
    steps = [{ from: start, value: current }];
  } else if (isSteps(current)) {
    steps = current;
  } else {
    return `"from" needs a schedule (a number or a list of {from, value} steps) here; it is ${kindOf(current)}`;
  }
  return [...steps.filter((s) => s.from < from).map((s) => ({ ...s })), { from, value }];
}

// ---------------------------------------------------------------------------------------------------------
// Applying changes

interface AppliedChange {
  measure: ParsedMeasure;
  change: MeasureChange;
  before: unknown;
  after: unknown;
}

/** Applies one change to `root` in place; returns the values before and after, or why it cannot be applied. */
function applyChange(
  root: unknown,
  change: MeasureChange,
): { before: unknown; after: unknown } | { problem: string; at?: PropertyKey[] } {
  const start = modelStart(root);
  const clone = <T>(v: T): T => structuredClone(v);
  switch (change.op) {
    case 'set': {
      const target = walk(root, change.segments, change.from === undefined);
      if (typeof target === 'string') return { problem: target };
      const before = target.exists ? clone(getAt(target)) : undefined;
      let after: unknown = clone(change.value);
      if (change.from !== undefined) {
        const result = setFromValue(getAt(target), change.value, change.from, start);
        if (typeof result === 'string') return { problem: result };
        after = result;
      } else if (typeof target.key === 'number' && isMapping(after)) {
        // Replacing a list element keeps its id unless the value gives one.
        after = { id: idOf(getAt(target)), ...after };
      }
      putAt(target, after);
      return { before, after: clone(after) };
    }
    case 'scale': {
      const target = walk(root, change.segments, false);
      if (typeof target === 'string') return { problem: target };
      const before = getAt(target);
      const result = scaleValue(before, change.by!, change.from, start);
      if (typeof result === 'string') return { problem: result };
      putAt(target, result);
      return { before: clone(before), after: clone(result) };
    }
    case 'add': {
      const target = walk(root, change.segments, true);
      if (typeof target === 'string') return { problem: target };
      const list = target.exists ? getAt(target) : [];
      if (!Array.isArray(list))
        return { problem: `add appends to a list; ${change.pathText} is ${kindOf(list)} (use set to replace it)` };
      const id = idOf(change.value);
      if (id !== undefined && list.some((el) => idOf(el) === id)) {
        return {
          problem: `${change.pathText} already has an element with id "${id}"; give the new one another id, or use set ${change.pathText}[${id}] to replace it`,
          at: ['value', 'id'],
        };
      }
      const value = clone(change.value);
      putAt(target, [...list, value]);
      return { before: undefined, after: clone(value) };
    }
    case 'remove': {
      const target = walk(root, change.segments, false);
      if (typeof target === 'string') return { problem: target };
      const before = clone(getAt(target));
      if (Array.isArray(target.parent)) target.parent.splice(target.key as number, 1);
      else delete target.parent[target.key as string];
      return { before, after: undefined };
    }
  }
}

/** The path a change touches for the conflict rules: add of an element with an id touches `list[id]`. */
/**
 * The path a change touches and how: `write` replaces or removes what is there (set, remove, add of an element
 * with an id), `modify` builds on it (scale, add without id). A write after anything on an overlapping path
 * conflicts — the earlier change would be lost; a modify after a write is allowed (scale what a measure set).
 */
function touchedPath(change: MeasureChange): { path: PathSegment[]; kind: 'write' | 'modify' } {
  if (change.op === 'set' || change.op === 'remove') return { path: change.segments, kind: 'write' };
  const id = change.op === 'add' ? idOf(change.value) : undefined;
  if (id !== undefined) return { path: [...change.segments, { id }], kind: 'write' };
  return { path: change.segments, kind: 'modify' };
}

function changePosition(
  m: ParsedMeasure,
  change: MeasureChange,
  at: readonly PropertyKey[] = [change.op],
): SourcePosition {
  return m.doc.locate(['changes', change.index, ...at]);
}

interface Built {
  base: LocatedDocument;
  measures: ParsedMeasure[];
  value: unknown;
  applied: AppliedChange[];
}

/** Reads the base and the measures, checks conflicts and applies every change; throws every problem found. */
function buildScenario(basePath: string, measurePaths: readonly string[]): Built {
  const base = loadYamlFile(basePath);
  const diagnostics: Diagnostic[] = [];
  const measures: ParsedMeasure[] = [];
  for (const path of measurePaths) {
    try {
      measures.push(readMeasure(path));
    } catch (error) {
      if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
      for (const d of error.diagnostics) diagnostics.push(d);
    }
  }

  // Conflicts: two changes that set or remove the same field, or a field inside one the other sets or removes.
  const touching = measures.flatMap((m) => m.changes.map((change) => ({ m, change, ...touchedPath(change) })));
  const conflicting = new Set<MeasureChange>();
  touching.forEach((later, j) => {
    if (later.kind !== 'write') return;
    for (const earlier of touching.slice(0, j)) {
      if (!isPrefix(earlier.path, later.path, sameSegment) && !isPrefix(later.path, earlier.path, sameSegment))
        continue;
      const where = earlier.m.doc.locate(['changes', earlier.change.index, earlier.change.op]);
      diagnostics.push({
        file: later.m.file,
        ...changePosition(later.m, later.change),
        path: later.change.pathText,
        message: `conflicts with "${earlier.change.op}: ${earlier.change.pathText}" at ${earlier.m.file}:${where.line}:${where.col}; a field may be set or removed by one change only — combine the two, or drop one`,
      });
      conflicting.add(later.change);
      break;
    }
  });

  const value = structuredClone(base.value);
  const applied: AppliedChange[] = [];
  for (const m of measures) {
    for (const change of m.changes) {
      if (conflicting.has(change)) continue; // reported once, as a conflict
      const result = applyChange(value, change);
      if ('problem' in result) {
        diagnostics.push({
          file: m.file,
          ...changePosition(m, change, result.at),
          path: change.pathText,
          message: result.problem,
        });
      } else {
        applied.push({ measure: m, change, ...result });
      }
    }
  }
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics, [basePath, ...measurePaths]));
  return { base, measures, value, applied };
}

function sortDiagnostics(diagnostics: Diagnostic[], files: readonly string[]): Diagnostic[] {
  const rank = (file: string) => {
    const i = files.indexOf(file);
    return i < 0 ? files.length : i;
  };
  return diagnostics.sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col);
}

// ---------------------------------------------------------------------------------------------------------
// Loading a scenario

/** The id path (`stages[aa].capacity`) of a concrete path (`stages[5].capacity`) in `root`. */
function idSegments(root: unknown, concrete: readonly PropertyKey[]): (PathSegment | { index: number })[] {
  const out: (PathSegment | { index: number })[] = [];
  let current: unknown = root;
  for (const step of concrete) {
    if (Array.isArray(current) && typeof step === 'number') {
      const id = idOf(current[step]);
      out.push(id === undefined ? { index: step } : { id });
      current = current[step];
    } else {
      out.push({ key: String(step) });
      current = isMapping(current) ? current[String(step)] : undefined;
    }
  }
  return out;
}

/** The concrete path of an id path in `root`, as far as it exists there. */
function concreteIn(
  root: unknown,
  segments: readonly (PathSegment | { index: number })[],
): { path: Concrete; complete: boolean } {
  const path: Concrete = [];
  let current: unknown = root;
  for (const s of segments) {
    if ('key' in s && isMapping(current) && Object.hasOwn(current, s.key)) {
      path.push(s.key);
      current = current[s.key];
    } else if (!('key' in s) && Array.isArray(current)) {
      const index = 'id' in s ? current.findIndex((el) => idOf(el) === s.id) : s.index < current.length ? s.index : -1;
      if (index < 0) return { path, complete: false };
      path.push(index);
      current = current[index];
    } else {
      return { path, complete: false };
    }
  }
  return { path, complete: true };
}

/** Where each applied change ended up in the combined value (undefined for a removed list element). */
function finalTargets(value: unknown, applied: readonly AppliedChange[]): (Concrete | undefined)[] {
  return applied.map(({ change }) => {
    if (change.op === 'add') {
      const list = concreteIn(value, change.segments);
      const id = idOf(change.value);
      if (!list.complete) return undefined;
      if (id === undefined) return list.path;
      const element = concreteIn(value, [...change.segments, { id }]);
      return element.complete ? element.path : undefined;
    }
    const last = change.segments[change.segments.length - 1];
    if (change.op === 'remove' && !('key' in last)) return undefined;
    const parent = concreteIn(value, change.segments.slice(0, -1));
    if (!parent.complete) return undefined;
    return 'key' in last ? [...parent.path, last.key] : concreteIn(value, change.segments).path;
  });
}

/**
 * Loads `basePath` with the measures applied in order. The result is checked like a model file; its `file` names
 * the scenario (`base.yaml + a.yaml`), and its hash equals the base's exactly when the measures change nothing
 * the simulation uses. Throws an InputError with every problem, each located in the file that causes it.
 */
export function loadScenario(basePath: string, measurePaths: string[]): LoadedModel {
  const built = buildScenario(basePath, measurePaths);
  const baseDir = dirname(resolve(basePath));
  if (measurePaths.length === 0) return loadModelFromDocument(built.base, baseDir);
  const loaded = loadCombined(basePath, measurePaths, built, baseDir);
  const costs = scenarioCosts(loaded.model, built.measures);
  if ('problems' in costs) throw new InputError(sortDiagnostics(costs.problems, [basePath, ...measurePaths]));
  return costs.costs.length > 0 ? { ...loaded, measureCosts: costs.costs } : loaded;
}

/**
 * The costs of the scenario's measures, checked against the combined model: the stage and locations they count
 * exist, and each pays something in the reported period. Every problem is located in its measure file.
 */
function scenarioCosts(
  model: LoadedModel['model'],
  measures: readonly ParsedMeasure[],
): { costs: ScenarioCost[] } | { problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const costs: ScenarioCost[] = [];
  const stages = model.stages.map((st) => st.id);
  const locations = (model.reception?.locations ?? []).map((l) => l.id);
  const first = parseIsoDate(model.time.start) + model.time.warmupDays;
  const end = parseIsoDate(model.time.start) + model.time.horizonDays;
  const period = `${formatIsoDate(first)} to ${formatIsoDate(end - 1)}`;
  const owner = new Map<string, ParsedMeasure>();
  for (const m of measures) {
    (m.measure.costs ?? []).forEach((cost, i) => {
      const problem = (field: PropertyKey[], message: string) =>
        problems.push({
          file: m.file,
          ...m.doc.locate(['costs', i, ...field]),
          path: `costs[${cost.id}].${String(field[0])}`,
          message,
        });
      const other = owner.get(cost.id);
      if (other !== undefined)
        problem(
          ['id'],
          other === m
            ? `a second cost with id "${cost.id}"; give each cost its own id`
            : `measure "${other.measure.name}" in this scenario has a cost with id "${cost.id}" too; give each cost its own id`,
        );
      owner.set(cost.id, m);
      if (cost.stage !== undefined && !stages.includes(cost.stage)) {
        const hint = suggestSpelling(cost.stage, stages);
        problem(
          ['stage'],
          `no stage "${cost.stage}" in the model${hint ? ` (did you mean "${hint}"?)` : ''}; stages are: ${stages.join(', ')}`,
        );
      }
      if (cost.perBedDayEur !== undefined && locations.length === 0)
        problem(['perBedDayEur'], 'the model has no reception locations, so there are no bed-days to count');
      (cost.locations ?? []).forEach((id, k) => {
        if (locations.length === 0 || locations.includes(id)) return;
        const hint = suggestSpelling(id, locations);
        problem(
          ['locations', k],
          `no reception location "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; locations are: ${locations.join(', ')}`,
        );
      });
      if (cost.date !== undefined) {
        const day = parseIsoDate(cost.date);
        if (day < first || day >= end)
          problem(['date'], `${cost.date} is outside the reported period (${period}); give a date inside it`);
      }
      if (cost.perYearEur !== undefined) {
        const from = cost.from === undefined ? first : parseIsoDate(cost.from);
        const until = cost.until === undefined ? end : parseIsoDate(cost.until);
        if (from >= end || until <= first)
          problem(
            [cost.from !== undefined && from >= end ? 'from' : 'until'],
            `nothing of this yearly amount falls in the reported period (${period}); move from/until into it`,
          );
      }
      costs.push({ ...cost, measure: m.measure.name });
    });
  }
  return problems.length > 0 ? { problems } : { costs };
}

/** The base with the measures applied, loaded and checked as a model; problems placed in the file that causes them. */
function loadCombined(basePath: string, measurePaths: string[], built: Built, baseDir: string): LoadedModel {
  const name = [basePath, ...measurePaths].join(' + ');
  // The combined value has no text of its own: record every position the loader asks for, and afterwards place
  // each diagnostic in the measure change that produced its field, or else in the base file.
  const asked: { path: PropertyKey[]; key: boolean }[] = [];
  const record = (path: readonly PropertyKey[], key: boolean): SourcePosition => {
    asked.push({ path: [...path], key });
    return { line: asked.length, col: 0 };
  };
  const combined: LocatedDocument = {
    value: built.value,
    file: name,
    locate: (p) => record(p, false),
    locateKey: (p) => record(p, true),
  };
  const targets = finalTargets(built.value, built.applied);
  const place = (d: Diagnostic): Diagnostic =>
    d.file === name && d.col === 0 && asked[d.line - 1] ? placeDiagnostic(d, asked[d.line - 1], built, targets) : d;
  let loaded: LoadedModel;
  try {
    loaded = loadModelFromDocument(combined, baseDir);
  } catch (error) {
    if (!(error instanceof InputError) || error.diagnostics.length === 0) throw error;
    throw new InputError(sortDiagnostics(error.diagnostics.map(place), [basePath, ...measurePaths]));
  }
  // The fields a run can still fail on are placed like any diagnostic: in the measure that set them, or the base.
  const positions = Object.entries(loaded.positions ?? {}).map(([path, p]) => {
    const { file, line, col } = place({ ...p, path, message: '' });
    return [path, { file, line, col }] as const;
  });
  return { ...loaded, positions: Object.fromEntries(positions) };
}

function placeDiagnostic(
  d: Diagnostic,
  asked: { path: PropertyKey[]; key: boolean },
  built: Built,
  targets: readonly (Concrete | undefined)[],
): Diagnostic {
  const path = asked.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const same = (a: string | number, b: string | number) => a === b;
  const shown = renderSegments(idSegments(built.value, path));
  // The change whose field holds the problem (the deepest; of equals, the later one, which set the final value).
  let best = -1;
  targets.forEach((t, i) => {
    if (t && isPrefix(t, path, same) && (best < 0 || t.length >= targets[best]!.length)) best = i;
  });
  if (best < 0) {
    // A problem with a whole part that exactly one change altered (e.g. probabilities that no longer sum to 1).
    const inside = targets.flatMap((t, i) => (t && path.length > 0 && isPrefix(path, t, same) ? [i] : []));
    if (inside.length === 1) best = inside[0];
  }
  if (best >= 0) {
    const { measure, change } = built.applied[best];
    const target = targets[best]!;
    const rest = path.slice(target.length);
    const hasValue = change.op === 'set' || change.op === 'add';
    // A wrong value is shown at the value (or the part of it) the change gives; a wrong field name at the path.
    const atValue = hasValue && (rest.length > 0 || !asked.key);
    const at: PropertyKey[] = atValue
      ? ['changes', change.index, 'value', ...rest]
      : ['changes', change.index, change.op];
    const position = asked.key && atValue ? measure.doc.locateKey(at) : measure.doc.locate(at);
    return { file: measure.file, ...position, path: shown, message: d.message };
  }
  const inBase = concreteIn(built.base.value, idSegments(built.value, path));
  const position = asked.key && inBase.complete ? built.base.locateKey(inBase.path) : built.base.locate(inBase.path);
  return { file: built.base.file, ...position, path: shown, message: `after applying measures: ${d.message}` };
}

// ---------------------------------------------------------------------------------------------------------
// Describing and comparing

/** A value in one line: numbers and text as they are, schedules as `[2023-01-01: 560, 2026-01-01: 700]`. */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = '(not set)';
  else if (isSteps(value)) text = `[${value.map((s) => `${s.from}: ${s.value}`).join(', ')}]`;
  else if (Array.isArray(value)) text = `[${value.map(formatValue).join(', ')}]`;
  else if (isMapping(value))
    text = `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatValue(v)}`)
      .join(', ')} }`;
  else text = String(value);
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
}

function describeChange(change: MeasureChange, applied?: { before: unknown; after: unknown }): string {
  const from = change.from === undefined ? '' : ` from ${change.from}`;
  const path = change.pathText;
  switch (change.op) {
    case 'set':
      return applied
        ? `${path}: ${formatValue(applied.before)} → ${formatValue(change.from === undefined ? applied.after : change.value)}${from}`
        : `${path} → ${formatValue(change.value)}${from}`;
    case 'scale':
      return applied
        ? `${path}: ${formatValue(applied.before)} → ${formatValue(applied.after)} (× ${change.by}${from})`
        : `${path} × ${change.by}${from}`;
    case 'add':
      return `${path}: + ${formatValue(change.value)}`;
    case 'remove':
      return applied ? `${path}: ${formatValue(applied.before)} → (removed)` : `${path}: removed`;
  }
}

export interface MeasureDescription {
  name: string;
  description: string;
  sources: string[];
  assumptions: string[];
  /** One line per change, in order: `stages[aa].capacity.servers: 560 → 700 from 2026-01-01`. */
  changes: string[];
}

/**
 * What a measure file changes, one readable line per change. With `basePath`, each line shows the value
 * before and after the change in that base model; without it, the change as written.
 */
export function describeMeasure(path: string, basePath?: string): MeasureDescription {
  let m: ParsedMeasure;
  let applied: (AppliedChange | undefined)[];
  if (basePath === undefined) {
    m = readMeasure(path);
    applied = m.changes.map(() => undefined);
  } else {
    const built = buildScenario(basePath, [path]);
    m = built.measures[0];
    applied = built.applied;
  }
  return {
    name: m.measure.name,
    description: m.measure.description ?? '',
    sources: m.measure.sources,
    assumptions: m.measure.assumptions,
    changes: m.changes.map((c, i) => describeChange(c, applied[i])),
  };
}

export interface ModelDifference {
  /** Id path: `stages[aa].capacity.servers`, `reception.locations[emergency-3000]`. */
  path: string;
  /** undefined when the field or element was added. */
  before: unknown;
  /** undefined when the field or element was removed. */
  after: unknown;
}

function isIdList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((el) => idOf(el) !== undefined);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return Object.is(a, b);
}

/**
 * Every field that differs between two models (YAML values or loaded models): mappings field by field, lists of
 * elements with ids element by element (an added or removed element is one difference), other lists and values
 * as a whole. In the order of the fields in the base.
 */
export function diffModels(baseValue: unknown, scenarioValue: unknown): ModelDifference[] {
  const out: ModelDifference[] = [];
  const visit = (a: unknown, b: unknown, path: (PathSegment | { index: number })[]) => {
    const push = (before: unknown, after: unknown) => out.push({ path: renderSegments(path), before, after });
    if (isMapping(a) && isMapping(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const child = [...path, { key }];
        if (a[key] === undefined && b[key] === undefined) continue;
        if (a[key] === undefined) out.push({ path: renderSegments(child), before: undefined, after: b[key] });
        else if (b[key] === undefined) out.push({ path: renderSegments(child), before: a[key], after: undefined });
        else visit(a[key], b[key], child);
      }
    } else if (isIdList(a) && isIdList(b) && a.length + b.length > 0) {
      const byId = new Map(b.map((el) => [idOf(el)!, el]));
      const inA = new Set(a.map((el) => idOf(el)!));
      for (const el of a) {
        const id = idOf(el)!;
        const other = byId.get(id);
        if (other === undefined) out.push({ path: renderSegments([...path, { id }]), before: el, after: undefined });
        else visit(el, other, [...path, { id }]);
      }
      for (const el of b)
        if (!inA.has(idOf(el)!))
          out.push({ path: renderSegments([...path, { id: idOf(el)! }]), before: undefined, after: el });
      const common = (list: Record<string, unknown>[], keep: Set<string>) =>
        list.map((el) => idOf(el)!).filter((id) => keep.has(id));
      const orderA = common(a, new Set(byId.keys()));
      const orderB = common(b, inA);
      if (!sameValue(orderA, orderB)) push(orderA, orderB);
    } else if (!sameValue(a, b)) {
      push(a, b);
    }
  };
  visit(baseValue, scenarioValue, []);
  return out;
}
