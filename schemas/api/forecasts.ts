// PUT /v1/auctions/{id}/forecast (SPEC §1, §4): one entry per interval, versioned.
import { z } from 'zod';
import { IntervalSchema } from '../book';

/** firmMw (SPEC §1 "Firmness") is at most the interval's surplus: reported at `intervals[N].firmMw`. */
const firmWithinSurplus = (value: { intervals: { surplusMw: number; firmMw?: number | undefined }[] }, ctx: z.RefinementCtx) => {
  value.intervals.forEach((i, n) => {
    if (i.firmMw !== undefined && i.firmMw > i.surplusMw) ctx.addIssue({ code: 'custom', path: ['intervals', n, 'firmMw'], message: `must be ≤ surplusMw (${i.surplusMw})` });
  });
};

export const ForecastRequestSchema = z.strictObject({
  intervals: z.array(IntervalSchema).min(1).max(672).describe('Exactly intervalCount entries, in interval order; firmMw ≤ surplusMw'),
}).superRefine(firmWithinSurplus).meta({ id: 'ForecastRequest' });

/** CSV form: a header row `interval,surplus_mw,reserve_price` (optionally `,firm_mw`), then one row per interval 0..n-1. */
export const FORECAST_CSV_HEADER = ['interval', 'surplus_mw', 'reserve_price'] as const;
/** Optional CSV column: the interval's firmMw (an empty cell: none, i.e. all of the surplus is firm). */
export const FORECAST_CSV_FIRM = 'firm_mw';
export const ForecastCsvSchema = z.string().describe('text/csv with header interval,surplus_mw,reserve_price and optionally a firm_mw column (any order); an empty firm_mw cell means the whole surplus is firm');

export const ForecastSchema = z.strictObject({
  intervals: ForecastRequestSchema.shape.intervals,
  auctionId: z.string(),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Forecast' });

export type ForecastRequest = z.infer<typeof ForecastRequestSchema>;
export type Forecast = z.infer<typeof ForecastSchema>;

/** `GET …/forecast?version=N`: a stored version; without it the latest. */
export const ForecastQuerySchema = z.object({
  version: z.string().regex(/^[0-9]{1,6}$/, 'a version number (decimal digits)').pipe(z.coerce.number<string>().int().min(1))
    .optional().describe('Version to return (1 = the first upload); default: the latest'),
});

/** One entry of `GET …/forecast/versions`: what changed, without the intervals. */
export const ForecastVersionSchema = z.object({
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  intervalCount: z.number().int().min(1),
  surplusMwh: z.number().min(0).describe('Energy of the surplus over the window (MWh, 6 decimals)'),
  firmMwh: z.number().min(0).optional().describe('Versions that give firmMw: energy of the firm surplus over the window (firmMw, or surplusMw where absent; MWh, 6 decimals)'),
  usedForClearing: z.boolean().describe('The version in force at gate closure (true for at most one, once the gate has closed)'),
}).meta({ id: 'ForecastVersion' });

export const ForecastVersionsSchema = z.object({
  auctionId: z.string(),
  latest: z.number().int().min(1).optional(),
  items: z.array(ForecastVersionSchema).describe('Oldest first'),
}).meta({ id: 'ForecastVersions' });

export type ForecastVersions = z.infer<typeof ForecastVersionsSchema>;
