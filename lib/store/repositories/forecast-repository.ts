// Owns the forecast version items. A new version is written in one transaction with the move of
// the auction's forecast pointer (the auction repository builds that part).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ForecastRecord, ForecastStore } from '../../market/ports';
import { transact, tx } from '../conditional-write';
import { itemKeys } from '../keys';
import { forecastCodec } from '../items/forecast-item';
import { getItem, type Table } from '../table';
import type { AuctionRepository } from './auction-repository';

/** listForecasts: the book takes the version in force at gate closure; the API lists them all. */
export type ForecastRepository = ForecastStore;

export function createForecastRepository(table: Table, auctions: AuctionRepository): ForecastRepository {
  return {
    async putForecast(forecast, now) {
      const out = await transact(table, [
        auctions.forecastPointer(forecast.auctionId, forecast.version, forecast.createdAt, now),
        tx.put(table, { Item: forecastCodec.encode(forecast), ConditionExpression: 'attribute_not_exists(pk)' }),
      ]);
      return out.ok ? 'ok' : auctions.guardOutcome(forecast.auctionId, now, out.reasons);
    },
    async getForecast(auctionId, version) {
      const item = await getItem(table, itemKeys.forecast(auctionId, version));
      return item ? forecastCodec.decode(item) : undefined;
    },
    async listForecasts(auctionId) {
      const forecasts: ForecastRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(new QueryCommand({
          TableName: table.name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)', ConsistentRead: true,
          ExpressionAttributeValues: { ':p': itemKeys.auction(auctionId).pk, ':f': 'FORECAST#' }, ExclusiveStartKey: start,
        }));
        for (const item of out.Items ?? []) forecasts.push(forecastCodec.decode(item));
        start = out.LastEvaluatedKey;
      } while (start);
      return forecasts;
    },
  };
}
