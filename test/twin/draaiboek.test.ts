// The draaiboek advice on the filling model (fixtures.ts): the azc is full and persons are without a bed from
// week 3 (2026-12-15) and the open cases pass their norm in week 2 (2026-12-08). A rule opening the tent with a
// 21-day lead time is too late (its effect would arrive on 2026-12-22); with a 3-day lead time it must be decided
// by 2026-12-12; more servers at the stage (no lead time) by 2026-12-08; closing azc beds helps nothing. Decided
// today, opening the tent lowers the expected person-days without a bed, measured on the same replications.
import { describe, expect, it } from 'vitest';
import { adviseDraaiboek } from '../../src/twin/draaiboek.ts';
import { projectTwin } from '../../src/twin/project.ts';
import { FILLING_RULES, fillingModel } from './fixtures.ts';

describe('adviseDraaiboek', async () => {
  const loaded = fillingModel(FILLING_RULES);
  const projection = await projectTwin(loaded, { weeks: 4, replications: 40, workers: 1 });
  const advice = await adviseDraaiboek(loaded, projection, { replications: 20, workers: 1 });
  const of = (rule: string) => advice.find((a) => a.rule === rule)!;

  it('puts the too-late rule first, then the decisions by their latest safe date, then the rule that cannot help', () => {
    expect(advice.map((a) => [a.rule, a.status])).toEqual([
      ['tent-slow', 'too-late'],
      ['more-staff', 'decide-by'],
      ['tent-fast', 'decide-by'],
      ['close-azc', 'no-effect'],
    ]);
  });

  it('reports a rule whose lead time exceeds the time to the breach as too late, with when its effect would come', () => {
    const a = of('tent-slow');
    expect(a.threshold).toBe('overflow');
    expect(a.breach10).toBe('2026-12-15');
    // 2026-12-15 − 21 days = 2026-11-24, before the as-of date 2026-12-01.
    expect(a.latestSafeDate).toBe('2026-11-24');
    expect(a.effectIfToday).toBe('2026-12-22');
    expect(a.decidedAtSafeDate).toBeNull();
  });

  it('gives a rule with time left its latest safe decision date: the breach week less its lead time', () => {
    expect(of('tent-fast').latestSafeDate).toBe('2026-12-12');
    expect(of('tent-fast').affects).toEqual(['overflow']);
    // More servers at the stage keep its cases within their norm, which they pass from week 2 on.
    expect(of('more-staff').threshold).toBe('pastNorm.term');
    expect(of('more-staff').latestSafeDate).toBe('2026-12-08');
    expect(of('more-staff').exposure).toBe('pastNormCaseDays');
  });

  it('measures that deciding today lowers the expected person-days without a bed, on the same replications', () => {
    const fast = of('tent-fast');
    expect(fast.replications).toBe(20);
    expect(fast.exposure).toBe('overflowPersonDays');
    // Without the rule: the projection's own first 20 replications.
    const baseline = projection.exposure.overflowPersonDays.slice(0, 20).reduce((a, b) => a + b, 0) / 20;
    expect(fast.without).toBeCloseTo(baseline, 9);
    expect(fast.without!).toBeGreaterThan(500);
    // Opened by 2026-12-04 (today) or by 2026-12-15 (decided on the safe date): nobody is ever without a bed.
    expect(fast.decidedToday).toBe(0);
    expect(fast.decidedAtSafeDate).toBe(0);
    expect(fast.costToday).toBe(50000 + 1000 * (28 - 3));
    // Too late still helps: from 2026-12-22 on, the tent takes those without a bed.
    const slow = of('tent-slow');
    expect(slow.decidedToday!).toBeLessThan(slow.without!);
    expect(slow.decidedToday!).toBeGreaterThan(0);
  });

  it('says a rule that removes capacity cannot keep a threshold below its limit, and does not run it', () => {
    const close = of('close-azc');
    expect(close.threshold).toBeNull();
    expect(close.replications).toBe(0);
    expect(close.decidedToday).toBeNull();
  });
});
