// A measure's own costs and benefits for the MKBA, as a measure file states them (`costs:`): one-off, per year,
// per case or person completed at a stage, or per occupied bed-day, each with the actor that bears it and a
// source or an assumption. The shape is checked here; the stage, locations and dates against the scenario's
// model in measures.ts; the amounts per day in src/plan/measure-costs.ts.
import { z } from 'zod';
import { ACTORS } from './actors.ts';
import { Id, IsoDate, LIMITS } from './schema.ts';

/** The amount fields of a measure cost: exactly one per cost, each with the fields it needs and allows. */
const COST_AMOUNTS = {
  oneOffEur: { needs: ['date'], allows: ['date'], what: 'once, on "date"' },
  perYearEur: { needs: [], allows: ['from', 'until'], what: 'a year, spread over its days' },
  perCaseEur: { needs: ['stage'], allows: ['stage'], what: 'per case completed at "stage"' },
  perPersonEur: { needs: ['stage'], allows: ['stage'], what: 'per person completed at "stage"' },
  perBedDayEur: { needs: [], allows: ['locations'], what: 'per occupied bed a day' },
} as const;
type CostAmount = keyof typeof COST_AMOUNTS;
const COST_AMOUNT_FIELDS = Object.keys(COST_AMOUNTS) as CostAmount[];
const COST_DETAIL_FIELDS = ['date', 'from', 'until', 'stage', 'locations'] as const;

/** EUR, negative for a benefit (a saving or a gain of the actor). */
const signedEur = z
  .number()
  .finite()
  .min(-LIMITS.eur)
  .max(LIMITS.eur)
  .describe('EUR; negative for a benefit (a saving or a gain of the actor).');

/** One of a measure's own costs (or benefits), with the actor that bears it and where its number comes from. */
export const MeasureCost = z
  .strictObject({
    id: Id,
    label: z.string().min(1).describe('What the cost is, in words.'),
    actor: z.enum(ACTORS).describe(`Who bears it: ${ACTORS.join(', ')}.`),
    source: z.string().min(1).optional().describe('Where the number comes from.'),
    assumption: z.string().min(1).optional().describe('The assumption the number rests on, when it has no source.'),
    oneOffEur: signedEur.optional().describe('A one-off amount on "date".'),
    date: IsoDate.optional().describe('The day of a one-off amount.'),
    perYearEur: signedEur.optional().describe('An amount a year, spread evenly over the days of each year.'),
    from: IsoDate.optional().describe('For perYearEur: the first day it is paid (default: the start of the run).'),
    until: IsoDate.optional().describe('For perYearEur: the first day it is no longer paid (default: never).'),
    perCaseEur: signedEur.optional().describe('An amount per case completed at "stage" in the scenario.'),
    perPersonEur: signedEur.optional().describe('An amount per person completed at "stage" in the scenario.'),
    stage: Id.optional().describe('For perCaseEur and perPersonEur: the stage whose completions count.'),
    perBedDayEur: signedEur.optional().describe('An amount per occupied bed a day in the scenario.'),
    locations: z
      .array(Id)
      .min(1)
      .optional()
      .describe('For perBedDayEur: the reception locations whose beds count (default: all).'),
  })
  .superRefine((cost, ctx) => {
    if (cost.source === undefined && cost.assumption === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `cost "${cost.id}" needs a "source" (where the number comes from) or an "assumption" (what it rests on); add one of the two`,
      });
    const given = COST_AMOUNT_FIELDS.filter((f) => cost[f] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given.length === 0 ? ['id'] : [given[1]],
        message:
          given.length === 0
            ? `cost "${cost.id}" needs one amount: ${COST_AMOUNT_FIELDS.join(', ')}`
            : `a cost has one amount; this one has ${given.join(' and ')} — split it into ${given.length} costs with their own ids`,
      });
      return;
    }
    const amount = COST_AMOUNTS[given[0]];
    for (const field of amount.needs)
      if (cost[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [given[0]],
          message: `${given[0]} (${amount.what}) needs "${field}"; add it`,
        });
    for (const field of COST_DETAIL_FIELDS)
      if (cost[field] !== undefined && !(amount.allows as readonly string[]).includes(field))
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `"${field}" does not belong to ${given[0]}; it goes with ${COST_AMOUNT_FIELDS.filter((f) => (COST_AMOUNTS[f].allows as readonly string[]).includes(field)).join(' or ')} — remove it`,
        });
    if (cost.from !== undefined && cost.until !== undefined && cost.until <= cost.from)
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: `until (${cost.until}) is not after from (${cost.from}); until is the first day no longer paid — give a later date`,
      });
  });
export type MeasureCost = z.infer<typeof MeasureCost>;

/** A measure's own cost in a scenario: the cost as written, with the measure it belongs to. */
export type ScenarioCost = MeasureCost & { measure: string };
