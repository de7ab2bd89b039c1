// DynamoDB adapters of the notice side: the webhook outbox (OutboxPort, every write conditional
// on the entry's lease), webhook registrations (WebhookDirectory) and the per-bidder events feed.
// Layout in docs/table-design.md § Lifecycle.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxPort, OutboxUpdate, WebhookDirectory } from '../notify/outbox';
import { CurtailmentNoticeSchema, OutboxEntrySchema, type CurtailmentNotice, type OutboxEntry } from '../../schemas/lifecycle';
import { lifecycleKeys } from './keys';
import { decodeCursor, encodeCursor } from './cursor';

type Item = Record<string, unknown>;
const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/** Delivered and dead entries are kept 30 days, then removed by TTL. */
const DONE_TTL_S = 30 * 24 * 3600;
const OUTBOX_FIELDS = Object.keys(OutboxEntrySchema.shape);

const dueKey = (nextAttemptAt: string, id: string) => `${new Date(nextAttemptAt).toISOString()}#${id}`;

/** Enqueue once: an entry that exists (pending, delivered or dead) is never reset by a re-run fan-out. */
export async function putOutboxEntry(doc: DynamoDBDocumentClient, tableName: string, entry: OutboxEntry): Promise<boolean> {
  const e = OutboxEntrySchema.parse(entry);
  try {
    await doc.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...lifecycleKeys.outbox(e.id), type: 'outbox', ...e, nextAttemptAtMs: Date.parse(e.nextAttemptAt),
        ...(e.status === 'pending' ? { gsi1pk: lifecycleKeys.outboxDue(), gsi1sk: dueKey(e.nextAttemptAt, e.id) } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function readEntry(item: Item): OutboxEntry {
  return OutboxEntrySchema.parse(Object.fromEntries(OUTBOX_FIELDS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]])));
}

export function createDynamoDbOutbox(doc: DynamoDBDocumentClient, tableName: string): OutboxPort & { get(id: string): Promise<OutboxEntry | undefined> } {
  const TableName = tableName;
  return {
    async listDue(now, limit) {
      const out = await doc.send(new QueryCommand({
        TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :b',
        ExpressionAttributeValues: { ':p': lifecycleKeys.outboxDue(), ':b': `${now.toISOString()}#~` }, Limit: limit,
      }));
      return (out.Items ?? [])
        .filter((i) => i.leaseUntilMs === undefined || (i.leaseUntilMs as number) <= now.getTime())
        .map(readEntry);
    },
    async claim(id, owner, now, leaseUntil) {
      try {
        const out = await doc.send(new UpdateCommand({
          TableName, Key: lifecycleKeys.outbox(id),
          UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :lu, leaseUntilMs = :luMs, attempts = attempts + :one',
          ConditionExpression: '#status = :pending AND nextAttemptAtMs <= :now AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':o': owner, ':lu': leaseUntil.toISOString(), ':luMs': leaseUntil.getTime(), ':one': 1, ':pending': 'pending', ':now': now.getTime() },
          ReturnValues: 'ALL_NEW',
        }));
        return out.Attributes!.attempts as number;
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },
    async update(id, owner, update: OutboxUpdate) {
      const names: Record<string, string> = { '#status': 'status' };
      const values: Record<string, unknown> = { ':o': owner, ':s': update.status, ':a': update.attempts };
      const set = ['#status = :s', 'attempts = :a'];
      const remove = ['leaseOwner', 'leaseUntil', 'leaseUntilMs'];
      if (update.status === 'pending') {
        set.push('nextAttemptAt = :n', 'nextAttemptAtMs = :nMs', 'lastError = :e', 'gsi1sk = :gs');
        Object.assign(values, { ':n': update.nextAttemptAt, ':nMs': Date.parse(update.nextAttemptAt), ':e': update.lastError.slice(0, 1000), ':gs': dueKey(update.nextAttemptAt, id) });
      } else {
        remove.push('gsi1pk', 'gsi1sk');
        set.push('expiresAt = :x');
        values[':x'] = Math.floor(Date.now() / 1000) + DONE_TTL_S;
        if (update.status === 'delivered') { set.push('deliveredAt = :d'); values[':d'] = update.deliveredAt; }
        else { set.push('lastError = :e'); values[':e'] = update.lastError.slice(0, 1000); }
      }
      try {
        await doc.send(new UpdateCommand({
          TableName, Key: lifecycleKeys.outbox(id), UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
          ConditionExpression: 'leaseOwner = :o', ExpressionAttributeNames: names, ExpressionAttributeValues: values,
        }));
      } catch (error) {
        if (isConditionFailure(error)) throw new Error(`outbox entry ${id}: lease lost before recording the outcome`);
        throw error;
      }
    },
    async get(id) {
      const item = (await doc.send(new GetCommand({ TableName, Key: lifecycleKeys.outbox(id), ConsistentRead: true }))).Item;
      return item ? readEntry(item) : undefined;
    },
  };
}

export interface WebhookRegistration { bidderId: string; url: string; secret: string; createdAt: string }

export interface WebhookRegistry extends WebhookDirectory {
  /** Replaces the bidder's registration (a new secret each time). */
  putWebhook(registration: WebhookRegistration): Promise<void>;
}

export function createDynamoDbWebhooks(doc: DynamoDBDocumentClient, tableName: string): WebhookRegistry {
  return {
    async putWebhook(r) {
      // The secret must be stored as issued: deliveries sign with it (HMAC needs the key itself).
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...lifecycleKeys.webhook(r.bidderId), type: 'webhook', ...r } }));
    },
    async webhookFor(bidderId) {
      const item = (await doc.send(new GetCommand({ TableName: tableName, Key: lifecycleKeys.webhook(bidderId), ConsistentRead: true }))).Item;
      return item ? { url: item.url as string, secret: item.secret as string } : undefined;
    },
  };
}

export interface EventsFeed {
  /** A bidder's notices oldest first; `nextCursor` points after the last one returned (or is the cursor sent when nothing is new). */
  listEvents(bidderId: string, page: { limit: number; cursor?: string | undefined }): Promise<{ events: CurtailmentNotice[]; nextCursor?: string | undefined }>;
}

export function createDynamoDbEvents(doc: DynamoDBDocumentClient, tableName: string): EventsFeed {
  return {
    async listEvents(bidderId, page) {
      const partition = lifecycleKeys.events(bidderId);
      const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && c.k?.pk === partition && typeof c.k.sk === 'string' && Object.keys(c.k).length === 2);
      const out = await doc.send(new QueryCommand({
        TableName: tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': partition },
        ExclusiveStartKey: cursor?.k, Limit: page.limit, ConsistentRead: true,
      }));
      const items = out.Items ?? [];
      const events = items.map((i) => CurtailmentNoticeSchema.parse(JSON.parse(i.body as string)));
      const last = items.at(-1);
      const nextCursor = last ? encodeCursor({ k: { pk: partition, sk: last.sk as string } }) : page.cursor;
      return { events, nextCursor };
    },
  };
}
