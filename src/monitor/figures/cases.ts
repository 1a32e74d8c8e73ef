// Figures per case: the cases carried over into the log, moves per person and per child of the cases that left
// the chain in the window, and the permit holders waiting for housing.
import { normDeadline } from '../../sim/chain/compile.ts';
import type { FigureContext } from './context.ts';
import { distribution } from './samples.ts';
import type { HousingFigures, MovesFigures } from './types.ts';

/** Cases already in the chain when the log starts (an `initial` event). */
export function carriedOverCases(ctx: FigureContext): number {
  const { cases } = ctx;
  let carried = 0;
  for (let c = 0; c < ctx.table.cases; c++) if (!Number.isNaN(cases.initial[c])) carried++;
  return carried;
}

/** Moves of the cases that left the chain in the window (not carried over), per person and per child. */
export function movesFigures(ctx: FigureContext): MovesFigures {
  const { cases, fromDay, toDay } = ctx;
  let exitedCases = 0,
    exitedPersons = 0,
    exitedChildren = 0,
    personMoves = 0,
    childMoves = 0;
  for (let c = 0; c < ctx.table.cases; c++) {
    const exit = cases.exit[c];
    if (exit >= fromDay && exit < toDay && Number.isNaN(cases.initial[c])) {
      exitedCases++;
      exitedPersons += cases.persons[c];
      exitedChildren += cases.children[c];
      personMoves += cases.moves[c] * cases.persons[c];
      childMoves += cases.moves[c] * cases.children[c];
    }
  }
  return {
    exitedCases,
    exitedPersons,
    exitedChildren,
    perPerson: exitedPersons > 0 ? personMoves / exitedPersons : Number.NaN,
    perChild: exitedChildren > 0 ? childMoves / exitedChildren : Number.NaN,
  };
}

/** Permit holders still in the chain at `now`, and the days from grant to housing of those housed in the window. */
export function housingFigures(ctx: FigureContext): HousingFigures {
  const { cases, fromDay, toDay, now } = ctx;
  let waitingCases = 0,
    waitingPersons = 0,
    pastStageNorm = 0;
  const grantWait: number[] = [];
  const grantToHoused: number[] = [];
  const housedCode = ctx.table.activities.find('exit:housed');
  for (let c = 0; c < ctx.table.cases; c++) {
    const exit = cases.exit[c];
    const grant = cases.grant[c];
    if (Number.isNaN(grant)) continue;
    if (grant < now && !(exit < now)) {
      waitingCases++;
      waitingPersons += cases.persons[c];
      grantWait.push(now - grant);
      if (pastAStageNorm(ctx, c)) pastStageNorm++;
    }
    if (cases.exitActivity[c] === housedCode && housedCode > 0 && exit >= fromDay && exit < toDay)
      grantToHoused.push(exit - grant);
  }
  return {
    waitingCases,
    waitingPersons,
    waitingDays: distribution(Float64Array.from(grantWait)),
    pastStageNorm,
    housedCases: grantToHoused.length,
    grantToHoused: distribution(Float64Array.from(grantToHoused)),
  };
}

/** Whether case c is open at a stage whose norm it has exceeded at `now` (never without a model). */
function pastAStageNorm(ctx: FigureContext, c: number): boolean {
  const { chain, visits, now, simTime } = ctx;
  if (!chain) return false;
  for (let v = visits.caseVisitStart[c]; v < visits.caseVisitStart[c + 1]; v++) {
    if (!ctx.isOpen(v)) continue;
    const spec = ctx.stageSpec(ctx.stageSlot[visits.stageOf[v]]);
    const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
    if (spec?.norm && normDeadline(chain, spec.norm, spec.norm.working, simTime(entry)) < simTime(now)) return true;
  }
  return false;
}
