// PUT /v1/auctions/{id}/forecast (SPEC §1, §4): one entry per interval, versioned.
import { z } from 'zod';
import { IntervalSchema } from '../book';

export const ForecastRequestSchema = z.strictObject({
  intervals: z.array(IntervalSchema).min(1).max(672).describe('Exactly intervalCount entries, in interval order'),
}).meta({ id: 'ForecastRequest' });

/** CSV form: a header row `interval,surplus_mw,reserve_price`, then one row per interval 0..n-1. */
export const FORECAST_CSV_HEADER = ['interval', 'surplus_mw', 'reserve_price'] as const;
export const ForecastCsvSchema = z.string().describe('text/csv with header interval,surplus_mw,reserve_price');

export const ForecastSchema = ForecastRequestSchema.extend({
  auctionId: z.string(),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
}).meta({ id: 'Forecast' });

export type ForecastRequest = z.infer<typeof ForecastRequestSchema>;
export type Forecast = z.infer<typeof ForecastSchema>;
