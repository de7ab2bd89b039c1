// Owns the webhook outbox entries. Enqueue once (a re-run fan-out never resets an entry); every
// later write is conditional on the entry's lease (OutboxPort in lib/notify/outbox.ts).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxPort, OutboxUpdate } from '../../notify/outbox';
import { OutboxEntrySchema, type OutboxEntry } from '../../../schemas/lifecycle';
import { conditionalPut, conditionalUpdate } from '../conditional-write';
import { lifecycleKeys } from '../keys';
import { outboxCodec, outboxDueKey } from '../items/outbox-item';
import { getItem, type Table } from '../table';

/** Delivered and dead entries are kept 30 days, then removed by TTL. */
const DONE_TTL_S = 30 * 24 * 3600;

export interface OutboxRepository extends OutboxPort {
  /** Conditional put: false (and nothing changes) when the entry exists in any state. */
  put(entry: OutboxEntry): Promise<boolean>;
  get(id: string): Promise<OutboxEntry | undefined>;
}

export function createOutboxRepository(table: Table): OutboxRepository {
  const TableName = table.name;
  return {
    async put(entry) {
      const out = await conditionalPut(table, { Item: outboxCodec.encode(OutboxEntrySchema.parse(entry)), ConditionExpression: 'attribute_not_exists(pk)' });
      return out.ok;
    },
    async listDue(now, limit) {
      const out = await table.doc.send(new QueryCommand({
        TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :b',
        ExpressionAttributeValues: { ':p': lifecycleKeys.outboxDue(), ':b': `${now.toISOString()}#~` }, Limit: limit,
      }));
      // leaseUntil and leaseUntilMs are written and removed together.
      return (out.Items ?? []).map((item) => outboxCodec.decode(item))
        .filter((e) => e.leaseUntil === undefined || Date.parse(e.leaseUntil) <= now.getTime());
    },
    async claim(id, owner, now, leaseUntil) {
      const out = await conditionalUpdate(table, {
        Key: lifecycleKeys.outbox(id),
        UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :lu, leaseUntilMs = :luMs, attempts = attempts + :one',
        ConditionExpression: '#status = :pending AND nextAttemptAtMs <= :now AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':o': owner, ':lu': leaseUntil.toISOString(), ':luMs': leaseUntil.getTime(), ':one': 1, ':pending': 'pending', ':now': now.getTime() },
        ReturnValues: 'ALL_NEW',
      });
      return out.ok && out.attributes ? outboxCodec.decode(out.attributes).attempts : null;
    },
    async update(id, owner, update: OutboxUpdate) {
      const values: Record<string, unknown> = { ':o': owner, ':s': update.status, ':a': update.attempts };
      const set = ['#status = :s', 'attempts = :a'];
      const remove = ['leaseOwner', 'leaseUntil', 'leaseUntilMs'];
      if (update.status === 'pending') {
        set.push('nextAttemptAt = :n', 'nextAttemptAtMs = :nMs', 'lastError = :e', 'gsi1sk = :gs');
        Object.assign(values, { ':n': update.nextAttemptAt, ':nMs': Date.parse(update.nextAttemptAt), ':e': update.lastError.slice(0, 1000), ':gs': outboxDueKey(update.nextAttemptAt, id) });
      } else {
        remove.push('gsi1pk', 'gsi1sk');
        set.push('expiresAt = :x');
        values[':x'] = Math.floor(table.clock.now().getTime() / 1000) + DONE_TTL_S;
        if (update.status === 'delivered') { set.push('deliveredAt = :d'); values[':d'] = update.deliveredAt; }
        else { set.push('lastError = :e'); values[':e'] = update.lastError.slice(0, 1000); }
      }
      const out = await conditionalUpdate(table, {
        Key: lifecycleKeys.outbox(id), UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
        ConditionExpression: 'leaseOwner = :o', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: values,
      });
      if (!out.ok) throw new Error(`outbox entry ${id}: lease lost before recording the outcome`);
    },
    async get(id) {
      const item = await getItem(table, lifecycleKeys.outbox(id));
      return item ? outboxCodec.decode(item) : undefined;
    },
  };
}
