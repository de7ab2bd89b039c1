// Owns the meter reading items: transactional conditional puts (a reading replaces only an
// earlier one; none lands once the readings are closed), the auction's readings by query, and the
// meter version item — the counter, bumped in the same transaction as the readings it counts,
// and the `closed` flag set before the first final statement. The guard is this item, not the
// auction item: meter traffic never makes a clearing, curtailment or state change conflict.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { MeterReading, MeterReadingStore } from '../../lifecycle/meter-readings';
import { readingMwhError } from '../../lifecycle/meter-readings';
import { transact, tx } from '../conditional-write';
import { meterKeys } from '../keys';
import { meterReadingCodec, MeterVersionItemSchema } from '../items/meter-reading-item';
import { getItem, type Table } from '../table';

/** Readings per transaction: DynamoDB takes 100 items, one is the version (and closed check). */
export const READINGS_PER_TRANSACTION = 99;

/** A reading the table cannot hold (DynamoDB numbers: magnitude 1e-130..1e126, 38 digits). */
export class InvalidReadingError extends Error {
  constructor(readonly index: number, message: string) {
    super(`reading ${index}: ${message}`);
    this.name = 'InvalidReadingError';
  }
}

const ReadingShape = z.object({ interval: z.number().int().min(0).max(671), readAt: z.iso.datetime() });

export function createMeterRepository(table: Table): MeterReadingStore {
  const bump = (auctionId: string) => tx.update(table, {
    Key: meterKeys.version(auctionId), UpdateExpression: 'ADD version :one', ConditionExpression: 'attribute_not_exists(closed)',
    ExpressionAttributeValues: { ':one': 1 },
  });
  const put = (r: MeterReading) => tx.put(table, {
    Item: meterReadingCodec.encode(r),
    ConditionExpression: 'attribute_not_exists(pk) OR readAtMs <= :at',
    ExpressionAttributeValues: { ':at': Date.parse(r.readAt) },
  });

  return {
    async putReadings(auctionId, readings) {
      // Every reading is checked before the first write: a bad number is no partial write.
      readings.forEach((r, i) => {
        const energy = readingMwhError(r.mwh);
        if (energy) throw new InvalidReadingError(i, energy);
        if (r.auctionId !== auctionId || !ReadingShape.safeParse(r).success) throw new InvalidReadingError(i, 'not a reading of this auction');
      });
      let written = 0;
      let superseded = 0;
      for (let i = 0; i < readings.length; i += READINGS_PER_TRANSACTION) {
        let pending = readings.slice(i, i + READINGS_PER_TRANSACTION);
        while (pending.length > 0) {
          // Concurrent requests of one auction share the version item: conflicts are retried.
          const out = await transact(table, [bump(auctionId), ...pending.map(put)], { maxAttempts: 10, baseDelayMs: 10, spreadMs: 40 });
          if (out.ok) { written += pending.length; break; }
          if (out.reasons[0]?.failed) return { written, superseded, settled: true };
          // Readings whose item holds a later reading are superseded; the rest go again.
          const later = out.reasons.slice(1).map((r) => r.failed);
          // Still conflicting after the retries (other writers of this auction's readings): report
          // what is stored so far rather than fail the request with an unexplained error.
          if (!later.some(Boolean)) return { written, superseded, busy: true };
          superseded += later.filter(Boolean).length;
          pending = pending.filter((_, k) => !later[k]);
        }
      }
      return { written, superseded };
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
    async closeReadings(auctionId) {
      const item = await getItem(table, meterKeys.version(auctionId));
      if (item?.closed === true) return MeterVersionItemSchema.parse(item).version;
      const out = await table.doc.send(new UpdateCommand({
        TableName: table.name, Key: meterKeys.version(auctionId), ReturnValues: 'ALL_NEW',
        UpdateExpression: 'SET closed = :yes, version = if_not_exists(version, :zero)', ExpressionAttributeValues: { ':yes': true, ':zero': 0 },
      }));
      return MeterVersionItemSchema.parse(out.Attributes).version;
    },
    async meterVersion(auctionId) {
      const item = await getItem(table, meterKeys.version(auctionId));
      return item ? MeterVersionItemSchema.parse(item).version : 0;
    },
  };
}
