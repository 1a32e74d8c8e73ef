// The CPLEX-LP builder: the exact text of a small model (bounds of every kind, integrality, signs), names that
// are validated and escaped, and HiGHS reading that text back: MIP optimum, LP duals, columns added to an open model.
import { describe, expect, it } from 'vitest';
import { loadHighs, LpModel, lpName, openLp, solveLp, validateName } from '../../src/plan/lp.ts';

/**
 * min x + 3y + z   (x integer in [0, 4], y ≥ 0, z free, w fixed at 2)
 * c1: x + y ≥ 2.5;  c2: x − z ≤ 1;  c3: y + w = 3.
 * c3 forces y = 1, so c1 asks x ≥ 1.5 and c2 z ≥ x − 1. As a MIP x = 2, z = 1: objective 2 + 3 + 1 = 6.
 * As an LP x = 1.5, z = 0.5: objective 5, with duals c1 = 2 (one more unit of c1 costs one x and one z),
 * c2 = −1 (one more unit of room lets z drop by one), c3 = 1 (one more y, 3, saves one x and one z, 2).
 */
function smallModel(): LpModel {
  const m = new LpModel();
  const x = m.addVariable('x', { integer: true, upper: 4, cost: 1 });
  const y = m.addVariable('y', { cost: 3 });
  const z = m.addVariable('z', { lower: -Infinity, cost: 1 });
  const w = m.addVariable('w', { lower: 2, upper: 2 });
  m.addConstraint('c1', [x, y], [1, 1], '>=', 2.5);
  m.addConstraint('c2', [x, z], [1, -1], '<=', 1);
  m.addConstraint('c3', [y, w], [1, 1], '=', 3);
  return m;
}

describe('LpModel', () => {
  it('writes the CPLEX-LP text of a small model exactly', () => {
    expect(smallModel().toString()).toBe(
      [
        'Minimize',
        ' obj: + 1 x + 3 y + 1 z + 0 w',
        'Subject To',
        ' c1: + 1 x + 1 y >= 2.5',
        ' c2: + 1 x - 1 z <= 1',
        ' c3: + 1 y + 1 w = 3',
        'Bounds',
        ' 0 <= x <= 4',
        ' z free',
        ' w = 2',
        'Generals',
        ' x',
        'End',
        '',
      ].join('\n'),
    );
    // The relaxation leaves the Generals out; a model without bounds has no Bounds section.
    expect(smallModel().toString(true)).not.toContain('Generals');
    const plain = new LpModel('maximize');
    plain.addConstraint('r', [plain.addVariable('a', { cost: 3 })], [1], '<=', 1);
    expect(plain.toString()).toBe('Maximize\n obj: + 3 a\nSubject To\n r: + 1 a <= 1\nEnd\n');
  });

  it('continues long rows on the next line, eight terms a line, and writes numbers to 12 digits', () => {
    const m = new LpModel();
    const ids = Array.from({ length: 10 }, (_, i) => m.addVariable(`v${i}`, { cost: i === 0 ? 1 / 3 : i }));
    m.addConstraint(
      'all',
      ids,
      ids.map(() => 1),
      '<=',
      10,
    );
    const text = m.toString();
    expect(text).toContain(
      ' obj: + 0.333333333333 v0 + 1 v1 + 2 v2 + 3 v3 + 4 v4 + 5 v5 + 6 v6 + 7 v7\n + 8 v8 + 9 v9\n',
    );
    expect(text).toContain(' all: + 1 v0 + 1 v1 + 1 v2 + 1 v3 + 1 v4 + 1 v5 + 1 v6 + 1 v7\n + 1 v8 + 1 v9 <= 10\n');
  });

  it('validates names and escapes arbitrary text into them injectively', () => {
    for (const bad of ['free', 'Inf', 'st', 'end', '1x', '.x', 'e12', 'E3', 'a b', 'a:b', '', 'x'.repeat(256)])
      expect(() => validateName(bad), bad).toThrow(RangeError);
    for (const good of ['x', 'x.1.GM0363', '_y', 'e', 'ex1', 'free_1']) expect(() => validateName(good)).not.toThrow();
    expect(lpName('target', 'GM0363')).toBe('target.GM0363');
    expect(lpName('target', "'s-Hertogenbosch")).toBe('target._0027s_002dHertogenbosch');
    expect(lpName('x', 3, 'A_B')).toBe('x.3.A_005fB');
    expect(lpName('x', 'A.B')).not.toBe(lpName('x', 'A', 'B'));
  });

  it('refuses repeated names, a variable twice in a row, empty rows and crossed bounds', () => {
    const m = new LpModel();
    const a = m.addVariable('a');
    expect(() => m.addVariable('a')).toThrow(/duplicate/);
    expect(() => m.addVariable('b', { lower: 2, upper: 1 })).toThrow(RangeError);
    expect(() => m.addConstraint('r', [a, a], [1, 1], '<=', 1)).toThrow(/twice/);
    expect(() => m.addConstraint('r', [], [], '<=', 1)).toThrow(/no terms/);
    expect(() => m.addConstraint('r', [7], [1], '<=', 1)).toThrow(/no variable/);
    m.addConstraint('r', [a], [1], '<=', 1);
    expect(() => m.addConstraint('r', [a], [1], '<=', 2)).toThrow(/duplicate/);
  });
});

describe('solveLp with HiGHS', () => {
  it('solves the small model as a MIP and its relaxation with the duals worked out by hand', async () => {
    const highs = await loadHighs();
    const { solution, relaxation } = solveLp(highs, smallModel(), { relaxation: true });
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(6, 9);
    expect([...solution.values]).toEqual([2, 1, 1, 2]);
    expect(solution.rowDuals).toBeUndefined();
    expect(relaxation!.objective).toBeCloseTo(5, 9);
    expect([...relaxation!.values].map((v) => Number(v.toFixed(9)))).toEqual([1.5, 1, 0.5, 2]);
    expect([...relaxation!.rowDuals!].map((v) => Number(v.toFixed(9)))).toEqual([2, -1, 1]);
  });

  it('reports an infeasible model as a status, not an exception', async () => {
    const m = new LpModel();
    const a = m.addVariable('a', { upper: 1 });
    m.addConstraint('r', [a], [1], '>=', 2);
    const { solution } = solveLp(await loadHighs(), m);
    expect(solution.status).toBe('infeasible');
    expect(solution.hasSolution).toBe(false);
  });

  it('extends an open LP with a column and re-solves it from the last basis', async () => {
    const session = openLp(await loadHighs(), smallModel(), { relaxOnly: true });
    try {
      expect(session.solve().objective).toBeCloseTo(5, 9);
      // v costs 0.5 and counts in c1: x drops to 0, v = 1.5, z = −1 → 0 + 3 − 1 + 0.75 = 2.75.
      session.addColumns([{ name: 'v', cost: 0.5, rows: [0], coefficients: [1] }]);
      const again = session.solve();
      expect(session.variableCount).toBe(5);
      expect(again.objective).toBeCloseTo(2.75, 9);
      expect(again.values[4]).toBeCloseTo(1.5, 9);
      session.setBounds(4, 0, 0);
      expect(session.solve().objective).toBeCloseTo(5, 9);
      expect(() => session.addColumns([{ name: 'x', rows: [0], coefficients: [1] }])).toThrow(/duplicate/);
    } finally {
      session.dispose();
    }
  });
});
