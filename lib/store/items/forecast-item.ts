// Forecast version item, one per (auction, version); immutable once written.
import { z } from 'zod';
import { ForecastSchema } from '../../../schemas/api/forecasts';
import type { ForecastRecord } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export const ForecastItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string().startsWith('FORECAST#'),
  type: z.literal('forecast'),
  forecast: ForecastSchema,
});

export const forecastCodec = itemCodec<ForecastRecord, typeof ForecastItemSchema>('forecast', ForecastItemSchema, {
  encode: (forecast) => ({ ...itemKeys.forecast(forecast.auctionId, forecast.version), type: 'forecast', forecast }),
  // Parsing restores the schema's key order (DynamoDB returns map keys in any order): same bytes.
  fromItem: (item) => item.forecast,
});
