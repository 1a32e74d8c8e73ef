// User-facing errors as values: a Diagnostic names the file, line, column and field of a mistake in a model
// or data file and says how to fix it. Loaders collect every diagnostic they can find and throw them together
// in one InputError, so a user fixes a file in one pass; no stack trace is ever shown for these.

export interface Diagnostic {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** Field path such as `stages[2].capacity.servers`; '' when the diagnostic concerns the whole document. */
  path: string;
  message: string;
}

/** `file:line:col: path: message`, or `file:line:col: message` when the path is empty. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}: `;
  return d.path === '' ? where + d.message : `${where}${d.path}: ${d.message}`;
}

/**
 * The one error a user can cause: a model or data file that is not what it should be (each problem a located
 * Diagnostic, collected so a file is fixed in one pass), or an option, an output path or a combination of inputs
 * (a message that says what is wrong and what to do, `diagnostics` empty). The command line prints it without a
 * stack trace and exits with 2.
 */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(problems: Diagnostic[] | string) {
    // An empty list would print nothing useful; callers throw only when they found something.
    if (Array.isArray(problems) && problems.length === 0) throw new Error('InputError needs at least one diagnostic');
    super(typeof problems === 'string' ? problems : problems.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = typeof problems === 'string' ? [] : problems;
  }
}

/** `text` as a message quotes it: at most 40 characters, longer text cut with an ellipsis. */
export function shortText(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The candidate closest in spelling to `word` (Damerau–Levenshtein, so a swapped pair of letters counts as
 * one edit), or undefined when none is close enough to be a plausible typo: at most one edit per three
 * letters, and at least one. Case differences alone always qualify.
 */
export function suggestSpelling(word: string, candidates: Iterable<string>): string | undefined {
  const lowerWord = word.toLowerCase();
  const maxDistance = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = candidate.toLowerCase() === lowerWord ? 0 : editDistance(lowerWord, candidate.toLowerCase());
    if (distance <= maxDistance && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Int32Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[(i - 2) * cols + j - 2] + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1];
}
