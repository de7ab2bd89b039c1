// Owns the events-feed items: one per notice, keyed (bidder; notice time, auction, version), so
// rewriting a notice after a crash writes the same item.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventsFeed } from '../../notify/ports';
import type { CurtailmentNotice } from '../../../schemas/lifecycle';
import { batchWriteAll, type BatchRetryOptions } from '../batch-write';
import { decodeCursor, encodeCursor, keyIs, TABLE_KEY } from '../cursor';
import { lifecycleKeys } from '../keys';
import { eventCodec } from '../items/event-item';
import type { Table } from '../table';

export interface EventsRepository extends EventsFeed {
  writeEvents(notices: readonly CurtailmentNotice[]): Promise<void>;
}

export function createEventsFeed(table: Table, retry?: BatchRetryOptions): EventsRepository {
  return {
    async writeEvents(notices) {
      await batchWriteAll(table.doc, table.name, notices.map((n) => ({ PutRequest: { Item: eventCodec.encode(n) } })), retry);
    },
    async listEvents(bidderId, page) {
      const partition = lifecycleKeys.events(bidderId);
      const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && keyIs(c.k, TABLE_KEY, { pk: partition }));
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': partition },
        ExclusiveStartKey: cursor?.k, Limit: page.limit, ConsistentRead: true,
      }));
      const items = out.Items ?? [];
      const events = items.map((item) => eventCodec.decode(item));
      const last = items.at(-1);
      const nextCursor = last && typeof last.sk === 'string' ? encodeCursor({ k: { pk: partition, sk: last.sk } }) : page.cursor;
      return { events, nextCursor };
    },
  };
}
