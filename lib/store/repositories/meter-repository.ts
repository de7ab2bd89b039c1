// Owns the meter reading items: conditional puts (a reading replaces only an earlier one), the
// auction's readings by query, and the meter version counter.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MeterReading, MeterReadingStore } from '../../lifecycle/meter-readings';
import { mapLimit } from '../../kernel/map-limit';
import { conditionalPut } from '../conditional-write';
import { meterKeys } from '../keys';
import { meterReadingCodec, MeterVersionItemSchema } from '../items/meter-reading-item';
import { getItem, type Table } from '../table';

export function createMeterRepository(table: Table): MeterReadingStore {
  return {
    async putReadings(auctionId, readings) {
      const outcomes = await mapLimit(readings, 16, (r) => conditionalPut(table, {
        Item: meterReadingCodec.encode(r),
        ConditionExpression: 'attribute_not_exists(pk) OR readAtMs <= :at',
        ExpressionAttributeValues: { ':at': Date.parse(r.readAt) },
      }));
      const written = outcomes.filter((o) => o.ok).length;
      if (written > 0) {
        await table.doc.send(new UpdateCommand({
          TableName: table.name, Key: meterKeys.version(auctionId), UpdateExpression: 'ADD version :one', ExpressionAttributeValues: { ':one': 1 },
        }));
      }
      return { written, superseded: readings.length - written };
    },
    async readReadings(auctionId) {
      const out: MeterReading[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(new QueryCommand({
          TableName: table.name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :r)',
          ExpressionAttributeValues: { ':p': meterKeys.partition(auctionId), ':r': 'READING#' }, ExclusiveStartKey: start, ConsistentRead: true,
        }));
        for (const item of page.Items ?? []) out.push(meterReadingCodec.decode(item));
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },
    async meterVersion(auctionId) {
      const item = await getItem(table, meterKeys.version(auctionId));
      return item ? MeterVersionItemSchema.parse(item).version : 0;
    },
  };
}
