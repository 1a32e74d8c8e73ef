// A small builder for linear and mixed-integer programs that writes CPLEX-LP text and solves it with HiGHS
// (WebAssembly). Invariant: column i of the solver is variable i of the builder — every variable is written in
// the objective in declaration order, and the solve checks the names HiGHS read back before using any value.
import type { Highs } from 'highs';

/** Direction of a linear constraint: `lhs sense rhs`. */
export type ConstraintSense = '<=' | '>=' | '=';

/** A decision variable; bounds default to [0, ∞), cost to 0, continuous. */
export interface VariableSpec {
  lower?: number;
  upper?: number;
  /** Integer (general) variable when true. */
  integer?: boolean;
  /** Objective coefficient. */
  cost?: number;
}

/** How a solve ended, reduced to what a caller decides on. */
export type SolveStatus = 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'error';

/** One solve: the status, objective, MIP bound and gap, the values per variable and (LP only) row duals. */
export interface LpSolution {
  status: SolveStatus;
  /** HiGHS's model status by its constant's name, e.g. `optimal`, `timeLimit`, `infeasible`. */
  highsStatus: string;
  /** Whether `values` hold a feasible solution (false after infeasibility or a time limit without incumbent). */
  hasSolution: boolean;
  objective: number;
  /** Best proven lower bound (minimisation); equals `objective` for an LP solved to optimality. */
  bound: number;
  /** Relative gap |objective − bound| / max(1, |objective|) as HiGHS reports it; 0 for an LP. */
  gap: number;
  /** Wall-clock seconds of this run (the parse excluded). */
  seconds: number;
  /** Value of each variable, in builder order. */
  values: Float64Array;
  /** Activity of each constraint, in builder order. */
  rowValues: Float64Array;
  /**
   * Dual value of each constraint (LP only; undefined after a MIP): the change of the objective per unit
   * increase of the right-hand side, ≥ 0 for a binding `>=` row of a minimisation.
   */
  rowDuals?: Float64Array;
  /** Reduced cost of each variable (LP only): its cost less the row duals times its coefficients. */
  columnDuals?: Float64Array;
}

/** Options of {@link solveLp}. */
export interface SolveOptions {
  /** Relative MIP gap at which the search stops (default 0.0001, HiGHS's own). */
  mipRelGap?: number;
  /** Absolute MIP gap at which the search stops (default 1e-6, HiGHS's own); the search stops at either. */
  mipAbsGap?: number;
  /** Wall-clock limit per run, seconds (default: none). */
  timeLimitSeconds?: number;
  /** Solve only the LP relaxation (integrality dropped), which gives row duals. */
  relaxOnly?: boolean;
  /** After the MIP, also solve its LP relaxation on the same parsed model, for duals. */
  relaxation?: boolean;
  /** A MIP start: a value per variable in builder order (HiGHS checks it and ignores it if infeasible). */
  start?: ArrayLike<number>;
}

const RESERVED = new Set([
  'inf',
  'infinity',
  'free',
  'st',
  's.t.',
  'st.',
  'subject',
  'such',
  'bound',
  'bounds',
  'general',
  'generals',
  'gen',
  'integer',
  'integers',
  'int',
  'binary',
  'binaries',
  'bin',
  'semi',
  'semis',
  'semi-continuous',
  'sos',
  'end',
  'min',
  'max',
  'minimize',
  'maximize',
  'minimise',
  'maximise',
  'minimum',
  'maximum',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Throws unless `name` is safe as a CPLEX-LP name: a letter or `_` first, then letters, digits, `_` and `.`;
 * at most 255 characters; not a keyword of the format (`free`, `inf`, `bounds`, `end`, …); not `e`/`E` followed
 * by a digit (readable as an exponent).
 */
export function validateName(name: string): void {
  if (!NAME.test(name) || name.length > 255 || RESERVED.has(name.toLowerCase()) || /^[eE][0-9]/.test(name)) {
    throw new RangeError(`not a valid LP name: ${JSON.stringify(name)}`);
  }
}

/**
 * `prefix` and `parts` joined with `.` into a valid LP name. Each part is escaped injectively: letters and
 * digits stay, every other UTF-16 code unit becomes `_` and four hex digits (so `GM0363` stays `GM0363` and
 * `'s-Hertogenbosch` becomes `_0027s_002dHertogenbosch`). `prefix` must itself be a valid name.
 */
export function lpName(prefix: string, ...parts: (string | number)[]): string {
  let name = prefix;
  for (const part of parts) {
    name += '.';
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const plain = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      name += plain ? s[i] : '_' + c.toString(16).padStart(4, '0');
    }
  }
  validateName(name);
  return name;
}

function formatNumber(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) throw new RangeError('NaN in an LP model');
  return String(Number(v.toPrecision(12)));
}

/** Terms written on one line of the LP text before it is continued on the next. */
const TERMS_PER_LINE = 8;

/**
 * A linear or mixed-integer minimisation (or maximisation) model built variable by variable and row by row,
 * written once as CPLEX-LP text. Rows are stored flat (start offsets, variable indices, coefficients), so a
 * model of a few hundred thousand variables costs a few typed-array-like arrays, not an object per term.
 */
export class LpModel {
  readonly sense: 'minimize' | 'maximize';
  private readonly names: string[] = [];
  private readonly nameSet = new Set<string>();
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly cost: number[] = [];
  private readonly integer: boolean[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowNameSet = new Set<string>();
  private readonly rowSense: ConstraintSense[] = [];
  private readonly rowRhs: number[] = [];
  private readonly rowStart: number[] = [0];
  private readonly termIndex: number[] = [];
  private readonly termCoef: number[] = [];
  /** Per variable, the stamp of the last row check it appeared in, to reject a variable repeated in one row. */
  private seenIn: Int32Array = new Int32Array(0);
  private stamp = 0;

  constructor(sense: 'minimize' | 'maximize' = 'minimize') {
    this.sense = sense;
  }

  /** Number of variables. */
  get variableCount(): number {
    return this.names.length;
  }

  /** Number of constraints. */
  get constraintCount(): number {
    return this.rowNames.length;
  }

  /** Whether any variable is integer (the model is a MIP). */
  get isMip(): boolean {
    return this.integer.includes(true);
  }

  /** Whether a variable of this name exists. */
  hasVariable(name: string): boolean {
    return this.nameSet.has(name);
  }

  /** Name of variable `index`. */
  variableName(index: number): string {
    return this.names[index];
  }

  /** Name of constraint `index`. */
  constraintName(index: number): string {
    return this.rowNames[index];
  }

  /** Adds a variable and returns its index. Throws on an invalid or repeated name, NaN or crossed bounds. */
  addVariable(name: string, spec: VariableSpec = {}): number {
    const lower = spec.lower ?? 0;
    const upper = spec.upper ?? Infinity;
    const cost = spec.cost ?? 0;
    if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower <= upper))
      throw new RangeError(`variable ${name}: bounds [${lower}, ${upper}]`);
    if (!Number.isFinite(cost)) throw new RangeError(`variable ${name}: cost ${cost}`);
    validateName(name);
    if (this.nameSet.has(name)) throw new RangeError(`duplicate variable name ${name}`);
    this.nameSet.add(name);
    this.names.push(name);
    this.lower.push(lower);
    this.upper.push(upper);
    this.cost.push(cost);
    this.integer.push(spec.integer === true);
    return this.names.length - 1;
  }

  /** Sets the objective coefficient of variable `index`. */
  setCost(index: number, cost: number): void {
    if (!Number.isFinite(cost)) throw new RangeError(`variable ${this.names[index]}: cost ${cost}`);
    this.cost[index] = cost;
  }

  /**
   * Adds the constraint `Σ coefficients[k]·x[indices[k]] sense rhs` and returns its index. Indices must name
   * existing, distinct variables; a row needs at least one term; coefficients and rhs must be finite.
   */
  addConstraint(
    name: string,
    indices: readonly number[],
    coefficients: readonly number[],
    sense: ConstraintSense,
    rhs: number,
  ): number {
    if (indices.length !== coefficients.length)
      throw new RangeError(`constraint ${name}: ${indices.length} indices, ${coefficients.length} coefficients`);
    if (indices.length === 0) throw new RangeError(`constraint ${name} has no terms`);
    if (!Number.isFinite(rhs)) throw new RangeError(`constraint ${name}: right-hand side ${rhs}`);
    validateName(name);
    if (this.rowNameSet.has(name)) throw new RangeError(`duplicate constraint name ${name}`);
    if (this.seenIn.length < this.names.length) {
      const grown = new Int32Array(Math.max(this.names.length, 2 * this.seenIn.length));
      grown.set(this.seenIn);
      this.seenIn = grown;
    }
    // Check every term before storing any, so that a refused row leaves the model as it was.
    const stamp = ++this.stamp;
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k];
      if (!(j >= 0 && j < this.names.length && Number.isInteger(j)))
        throw new RangeError(`constraint ${name}: no variable ${j}`);
      if (this.seenIn[j] === stamp) throw new RangeError(`constraint ${name}: variable ${this.names[j]} appears twice`);
      if (!Number.isFinite(coefficients[k]))
        throw new RangeError(`constraint ${name}: coefficient ${coefficients[k]} of ${this.names[j]}`);
      this.seenIn[j] = stamp;
    }
    for (let k = 0; k < indices.length; k++) {
      this.termIndex.push(indices[k]);
      this.termCoef.push(coefficients[k]);
    }
    const row = this.rowNames.length;
    this.rowNameSet.add(name);
    this.rowNames.push(name);
    this.rowSense.push(sense);
    this.rowRhs.push(rhs);
    this.rowStart.push(this.termIndex.length);
    return row;
  }

  /**
   * The model as CPLEX-LP text. Every variable appears in the objective (with coefficient 0 where it has no
   * cost), in index order, so that HiGHS numbers the columns as the builder does. With `relax`, the Generals
   * section is left out (the LP relaxation).
   */
  toString(relax = false): string {
    const chunks: string[] = [this.sense === 'minimize' ? 'Minimize\n obj:' : 'Maximize\n obj:'];
    const term = (coef: number, name: string) =>
      coef < 0 ? ` - ${formatNumber(-coef)} ${name}` : ` + ${formatNumber(coef)} ${name}`;
    for (let j = 0; j < this.names.length; j++) {
      if (j > 0 && j % TERMS_PER_LINE === 0) chunks.push('\n');
      chunks.push(term(this.cost[j], this.names[j]));
    }
    chunks.push('\nSubject To\n');
    for (let r = 0; r < this.rowNames.length; r++) {
      chunks.push(` ${this.rowNames[r]}:`);
      for (let k = this.rowStart[r]; k < this.rowStart[r + 1]; k++) {
        if (k > this.rowStart[r] && (k - this.rowStart[r]) % TERMS_PER_LINE === 0) chunks.push('\n');
        chunks.push(term(this.termCoef[k], this.names[this.termIndex[k]]));
      }
      chunks.push(` ${this.rowSense[r]} ${formatNumber(this.rowRhs[r])}\n`);
    }
    const boundsAt = chunks.push('Bounds\n') - 1;
    let anyBound = false;
    for (let j = 0; j < this.names.length; j++) {
      const l = this.lower[j];
      const u = this.upper[j];
      if (l === 0 && u === Infinity) continue;
      anyBound = true;
      const n = this.names[j];
      if (l === -Infinity && u === Infinity) chunks.push(` ${n} free\n`);
      else if (l === u) chunks.push(` ${n} = ${formatNumber(l)}\n`);
      else if (u === Infinity) chunks.push(` ${n} >= ${formatNumber(l)}\n`);
      else chunks.push(` ${formatNumber(l)} <= ${n} <= ${formatNumber(u)}\n`);
    }
    if (!anyBound) chunks[boundsAt] = '';
    if (!relax && this.isMip) {
      chunks.push('Generals\n');
      let onLine = 0;
      for (let j = 0; j < this.names.length; j++) {
        if (!this.integer[j]) continue;
        chunks.push(' ', this.names[j]);
        if (++onLine % TERMS_PER_LINE === 0) chunks.push('\n');
      }
      if (onLine % TERMS_PER_LINE !== 0) chunks.push('\n');
    }
    chunks.push('End\n');
    return chunks.join('');
  }
}

let loading: Promise<Highs> | undefined;

/**
 * The HiGHS WebAssembly runtime, loaded once per process (or Web Worker) and shared. The package is CommonJS
 * with an ES-module build; its declarations make TypeScript see the loader one `default` deeper than Node's
 * ES-module import gives it, so both shapes are accepted.
 */
export function loadHighs(): Promise<Highs> {
  loading ??= import('highs').then((m) => {
    type Loader = () => Promise<Highs>;
    const outer = (m as unknown as { default: Loader | { default: Loader } }).default;
    return (typeof outer === 'function' ? outer : outer.default)();
  });
  return loading;
}

function statusOf(highs: Highs, code: number): { status: SolveStatus; name: string } {
  const s = highs.constants.modelStatus;
  const name = (Object.entries(s) as [string, number][]).find(([, v]) => v === code)?.[0] ?? 'unknown';
  const status: SolveStatus =
    code === s.optimal
      ? 'optimal'
      : code === s.timeLimit
        ? 'time-limit'
        : code === s.infeasible
          ? 'infeasible'
          : code === s.unbounded || code === s.unboundedOrInfeasible
            ? 'unbounded'
            : 'error';
  return { status, name };
}

/** A column added to an open model: its bounds, cost and integrality, and its entries in existing rows. */
export interface ColumnSpec extends VariableSpec {
  name: string;
  rows: readonly number[];
  coefficients: readonly number[];
}

/** A model read into HiGHS once and solved, extended with columns and solved again from the last basis. */
export interface LpSession {
  /** Number of columns, those added included. */
  readonly variableCount: number;
  /** Runs HiGHS on the model as it stands (a MIP unless relaxed); `start` is a MIP start per column. */
  solve(options?: Omit<SolveOptions, 'relaxOnly' | 'relaxation'>): LpSolution;
  /** Appends columns (validated names, finite entries in existing rows); the next solve starts from the last basis. */
  addColumns(columns: readonly ColumnSpec[]): void;
  /** Changes the bounds of column `index`; the next solve starts from the last basis. */
  setBounds(index: number, lower: number, upper: number): void;
  /** Drops integrality: later solves are the LP relaxation. */
  relax(): void;
  /** Releases the native model; the session cannot be used afterwards. */
  dispose(): void;
}

/** Columns whose names are compared with the builder's after HiGHS has read the text: all up to this many, else a sample. */
const NAME_CHECKS = 2000;

/**
 * Reads `model` into HiGHS (as its LP text; with `relaxOnly` without the integrality) for repeated solves.
 * Throws if HiGHS cannot read the text or numbers its columns differently from the builder. The caller must
 * `dispose()` the session.
 */
export function openLp(highs: Highs, model: LpModel, options: { relaxOnly?: boolean } = {}): LpSession {
  let isMip = model.isMip && !options.relaxOnly;
  const native = highs.createModel({ format: 'lp', data: model.toString(!isMip) });
  const names = new Set<string>();
  let count = model.variableCount;
  try {
    const dims = native.getDimensions();
    if (dims.numCols !== count || dims.numRows !== model.constraintCount) {
      throw new Error(
        `HiGHS read ${dims.numCols} columns and ${dims.numRows} rows, the model has ${count} and ${model.constraintCount}`,
      );
    }
    const check = (j: number) => {
      if (native.getColName(j) !== model.variableName(j))
        throw new Error(`HiGHS column ${j} is ${native.getColName(j)}, expected ${model.variableName(j)}`);
    };
    const step = Math.max(1, Math.floor(count / NAME_CHECKS));
    for (let j = 0; j < count; j += step) check(j);
    if (count > 0) check(count - 1);
    native.options.set({ output_flag: false });
  } catch (e) {
    native.dispose();
    throw e;
  }
  const rows = model.constraintCount;
  return {
    get variableCount() {
      return count;
    },
    solve(opts = {}) {
      // HiGHS takes no infinite option values: "no limit" is its largest double.
      native.options.set({
        mip_rel_gap: opts.mipRelGap ?? 1e-4,
        mip_abs_gap: opts.mipAbsGap ?? 1e-6,
        time_limit: opts.timeLimitSeconds === undefined ? Number.MAX_VALUE : Math.max(0, opts.timeLimitSeconds),
      });
      if (isMip && opts.start) native.setSolution({ colValue: Float64Array.from(opts.start) });
      native.zeroAllClocks();
      const started = performance.now();
      const result = native.run();
      const seconds = (performance.now() - started) / 1000;
      const { status, name } = statusOf(highs, result.modelStatus);
      const hasSolution = Number(native.info.get('primal_solution_status')) === 2;
      const sol = native.getSolution();
      const objective = hasSolution ? native.getObjectiveValue() : Number.NaN;
      return {
        status,
        highsStatus: name,
        hasSolution,
        objective,
        bound: isMip ? Number(native.info.get('mip_dual_bound')) : objective,
        gap: isMip ? Number(native.info.get('mip_gap')) : 0,
        seconds,
        values: sol.colValue,
        rowValues: sol.rowValue,
        rowDuals: isMip ? undefined : sol.rowDual,
        columnDuals: isMip ? undefined : sol.colDual,
      };
    },
    addColumns(columns) {
      if (columns.length === 0) return;
      const cost = new Float64Array(columns.length);
      const lower = new Float64Array(columns.length);
      const upper = new Float64Array(columns.length);
      const starts = new Int32Array(columns.length + 1);
      const indices: number[] = [];
      const values: number[] = [];
      columns.forEach((c, i) => {
        validateName(c.name);
        if (names.has(c.name) || model.hasVariable(c.name)) throw new RangeError(`duplicate variable name ${c.name}`);
        names.add(c.name);
        cost[i] = c.cost ?? 0;
        lower[i] = c.lower ?? 0;
        upper[i] = c.upper ?? Infinity;
        if (!Number.isFinite(cost[i]) || !(lower[i] <= upper[i]))
          throw new RangeError(`column ${c.name}: cost ${cost[i]}, bounds [${lower[i]}, ${upper[i]}]`);
        if (c.rows.length !== c.coefficients.length)
          throw new RangeError(`column ${c.name}: ${c.rows.length} rows, ${c.coefficients.length} coefficients`);
        c.rows.forEach((r, k) => {
          if (!(Number.isInteger(r) && r >= 0 && r < rows)) throw new RangeError(`column ${c.name}: no row ${r}`);
          if (!Number.isFinite(c.coefficients[k]))
            throw new RangeError(`column ${c.name}: coefficient ${c.coefficients[k]}`);
          indices.push(r);
          values.push(c.coefficients[k]);
        });
        starts[i + 1] = indices.length;
      });
      native.addCols({
        cost,
        lower,
        upper,
        matrix: {
          format: 'csc',
          numRows: rows,
          numCols: columns.length,
          starts,
          indices: Int32Array.from(indices),
          values: Float64Array.from(values),
        },
      });
      columns.forEach((c, i) => {
        native.passColName(count + i, c.name);
        if (c.integer && isMip) native.changeColIntegrality(count + i, highs.constants.variableType.integer);
      });
      count += columns.length;
    },
    setBounds(index, lower, upper) {
      if (!(Number.isInteger(index) && index >= 0 && index < count) || !(lower <= upper))
        throw new RangeError(`column ${index}: bounds [${lower}, ${upper}]`);
      native.changeColBounds(index, lower, upper);
    },
    relax() {
      if (isMip) native.clearIntegrality();
      isMip = false;
    },
    dispose() {
      native.dispose();
    },
  };
}

/**
 * Solves `model` with HiGHS: a MIP to the relative gap asked (or the time limit), an LP to optimality; with
 * `relaxOnly` only the LP relaxation; with `relaxation`, the MIP and then its LP relaxation on the same parsed
 * model (for row duals). Never throws on an optimisation outcome (infeasible, time limit): those are statuses.
 * Throws if HiGHS cannot read the text or numbers its columns differently from the builder.
 */
export function solveLp(
  highs: Highs,
  model: LpModel,
  options: SolveOptions = {},
): { solution: LpSolution; relaxation?: LpSolution } {
  const session = openLp(highs, model, { relaxOnly: options.relaxOnly });
  try {
    const solution = session.solve(options);
    if (!options.relaxation) return { solution };
    if (!model.isMip || options.relaxOnly) return { solution, relaxation: solution };
    session.relax();
    return { solution, relaxation: session.solve(options) };
  } finally {
    session.dispose();
  }
}
