// The bottleneck ranking: stages by person-days of waiting in the window, with their P90 wait, stock at the
// window's start and end, the stock's weekly trend and the utilisation of their capacity.
import { quantileSorted } from '../../core/stats.ts';
import type { FigureContext } from './context.ts';
import { round6 } from './samples.ts';
import type { DailyStock, WeeklyStock } from './stock.ts';
import type { Bottleneck } from './types.ts';

export function bottlenecks(ctx: FigureContext, daily: DailyStock, weeks: WeeklyStock): Bottleneck[] {
  const S = ctx.stageCount;
  const { waitingArea, waitSamples, stockStart } = daily;
  const { stockEnd, trend, utilisationMean } = weeks;
  let waitingAll = 0;
  for (let slot = 0; slot < S; slot++) waitingAll += waitingArea[slot];
  const ranked: Bottleneck[] = [];
  for (let slot = 0; slot < S; slot++) {
    const waits = waitSamples.sample(slot).sort();
    ranked.push({
      rank: 0,
      stage: ctx.activities[ctx.stageCodes[slot]],
      label: ctx.stageLabel(slot),
      waitingPersonDays: round6(waitingArea[slot]),
      waitingShare: waitingAll > 0 ? waitingArea[slot] / waitingAll : 0,
      waitingP90Days: quantileSorted(waits, 0.9),
      stockStart: stockStart[slot],
      stockEnd: stockEnd[slot],
      stockTrendPerWeek: round6(trend[slot]),
      utilisation: utilisationMean[slot],
      growing: stockEnd[slot] > stockStart[slot] && trend[slot] > 0,
    });
  }
  ranked.sort((x, y) => y.waitingPersonDays - x.waitingPersonDays || x.stage.localeCompare(y.stage));
  ranked.forEach((b, i) => (b.rank = i + 1));
  return ranked;
}
