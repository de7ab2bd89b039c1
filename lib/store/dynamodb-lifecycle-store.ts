// The DynamoDB adapter behind the lifecycle ports (lib/lifecycle/ports.ts): the clearing lease,
// the book and result blobs, THE publication (one conditional update of the auction item), the
// curtailment commit and its idempotent fan-out. Conditions are those written on the ports;
// layout in docs/table-design.md § Lifecycle. Gate closes go through the market store's
// closeGate (auction + 16 gate copies in one transaction).
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuctionRecord, BookInputs, LifecycleStore, PublishedAuction, PublishedAuctionStore, PublishedFiles, ResultKey, StoredForecast,
} from '../lifecycle/ports';
import type { FanOutStore } from '../lifecycle/repair-fan-out';
import type { MarketStore } from '../market/ports';
import type { AuctionStatus, CurtailmentRecord, LifecycleTimestamps } from '../../schemas/lifecycle';
import { AuctionLifecycleFieldsSchema, CurtailmentNoticeSchema, CurtailmentRecordSchema } from '../../schemas/lifecycle';
import { BookSchema } from '../../schemas/book';
import { ResultSchema } from '../../schemas/result';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { nextDueAt } from '../lifecycle/lifecycle-state';
import { isoUtc } from '../kernel/interval-time';
import { itemKeys, lifecycleKeys } from './keys';
import { readBlob, sha256Hex, writeBlob } from './blob';
import { batchWriteAll, type BatchRetryOptions } from './batch-write';
import { putOutboxEntry } from './dynamodb-notify-store';
import { mapLimit } from '../kernel/map-limit';

type Item = Record<string, unknown>;

const PUBLISHED: readonly AuctionStatus[] = ['cleared', 'delivering', 'settled'];
/** Statuses with a due time: listDueAuctions queries these gsi2 partitions. */
const ACTIVE: readonly AuctionStatus[] = ['open', 'closed', 'clearing', 'cleared', 'delivering'];

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

export interface LifecycleStoreOptions {
  /** Chunk size of books, results and curtailment records (tests use tiny chunks). */
  chunkBytes?: number;
  retry?: BatchRetryOptions;
}

export type DynamoDbLifecycleStore = LifecycleStore & PublishedAuctionStore & PublishedFiles & FanOutStore;

/** The lifecycle view of a stored auction item (market header + lifecycle fields, validated). */
export function lifecycleRecord(item: Item): AuctionRecord {
  const a = item.auction as Record<string, unknown>;
  const fields = AuctionLifecycleFieldsSchema.parse({
    status: item.status,
    timestamps: item.timestamps ?? {},
    ...(item.clearing ? { clearing: item.clearing } : {}),
    ...(item.failure ? { failure: item.failure } : {}),
  });
  return {
    id: a.id as string, zone: a.zone as string, deliveryStart: a.deliveryStart as string,
    intervalMinutes: a.intervalMinutes as 15 | 30 | 60, intervalCount: a.intervalCount as number,
    gateClosure: a.gateClosure as string, pricing: a.pricing as AuctionRecord['pricing'], currency: a.currency as string,
    ...fields,
  };
}

/** gsi2 sort key: the time the auction next needs the scheduler (ISO with ms, as gateClosure is stored). */
function dueKey(a: AuctionRecord, fallback: Date): string {
  const due = nextDueAt(a);
  return `${new Date(due ?? fallback).toISOString()}#${a.id}`;
}

export function createDynamoDbLifecycleStore(
  doc: DynamoDBDocumentClient, tableName: string, market: MarketStore, options: LifecycleStoreOptions = {},
): DynamoDbLifecycleStore {
  const TableName = tableName;
  const blobOptions = { chunkBytes: options.chunkBytes, retry: options.retry };

  async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
    return (await doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item;
  }
  async function getRecord(auctionId: string): Promise<AuctionRecord | undefined> {
    const item = await getItem(itemKeys.auction(auctionId));
    return item ? lifecycleRecord(item) : undefined;
  }

  /** A conditional update of the auction item; false when the condition failed. */
  async function updateAuction(auctionId: string, input: {
    set: string[]; remove?: string[]; condition: string; names?: Record<string, string>; values: Record<string, unknown>;
  }): Promise<Item | false> {
    const update = `SET ${input.set.join(', ')}${input.remove?.length ? ` REMOVE ${input.remove.join(', ')}` : ''}`;
    const condition = `attribute_exists(pk) AND (${input.condition})`;
    // DynamoDB refuses names that the expressions do not use.
    const names = Object.fromEntries(Object.entries({ '#status': 'status', '#c': 'clearing', '#ts': 'timestamps', ...input.names })
      .filter(([k]) => new RegExp(`${k}\\b`).test(`${update} ${condition}`)));
    try {
      const out = await doc.send(new UpdateCommand({
        TableName, Key: itemKeys.auction(auctionId),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: input.values,
        ReturnValues: 'ALL_NEW',
      }));
      return out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  const statusKeys = (a: AuctionRecord, now: Date) => ({ ':gp': itemKeys.auctionStatus(a.status), ':gs': dueKey(a, now) });

  const store: DynamoDbLifecycleStore = {
    async listDueAuctions(now, limit) {
      const bound = `${now.toISOString()}#~`;
      const found: AuctionRecord[] = [];
      for (const status of ACTIVE) {
        let start: Record<string, unknown> | undefined;
        do {
          const out = await doc.send(new QueryCommand({
            TableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :b',
            ExpressionAttributeValues: { ':p': itemKeys.auctionStatus(status), ':b': bound }, ExclusiveStartKey: start, Limit: limit,
          }));
          for (const item of out.Items ?? []) found.push(lifecycleRecord(item));
          start = found.length < limit ? out.LastEvaluatedKey : undefined;
        } while (start);
        if (found.length >= limit) break;
      }
      return found.slice(0, limit);
    },

    getAuction: getRecord,

    async transition(auctionId, from, to, timestamps) {
      if (from === 'open' && to === 'closed') {
        // Through the market's closeGate: the gate copies of the bid shards change with the auction.
        const closedAt = timestamps.closedAt ?? isoUtc(Date.now());
        return market.auctions.closeGate(auctionId, new Date(closedAt), { closedAt });
      }
      const current = await getRecord(auctionId);
      if (!current || current.status !== from) return false;
      const next: AuctionRecord = { ...current, status: to, timestamps: { ...current.timestamps, ...timestamps } };
      const entries = Object.entries(timestamps) as [keyof LifecycleTimestamps, string][];
      const at = new Date(entries[0]?.[1] ?? Date.now());
      const ok = await updateAuction(auctionId, {
        set: ['#status = :to', 'gsi2pk = :gp', 'gsi2sk = :gs', ...entries.map(([k]) => `#ts.${k} = :t_${k}`)],
        condition: '#status = :from',
        values: { ':to': to, ':from': from, ...statusKeys(next, at), ...Object.fromEntries(entries.map(([k, v]) => [`:t_${k}`, v])) },
      });
      return ok !== false;
    },

    async claim(auctionId, { owner, now, leaseUntil }) {
      const out = await updateAuction(auctionId, {
        set: [
          '#status = :clearing', '#c.#owner = :o', '#c.leaseUntil = :lu', '#c.attempts = if_not_exists(#c.attempts, :zero) + :one',
          'leaseUntilMs = :luMs', '#ts.clearingAt = if_not_exists(#ts.clearingAt, :nowIso)', 'gsi2pk = :gp', 'gsi2sk = :gs',
        ],
        condition: '#status = :closed OR (#status = :clearing AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs <= :nowMs))',
        names: { '#owner': 'owner' },
        values: {
          ':clearing': 'clearing', ':closed': 'closed', ':o': owner, ':lu': leaseUntil.toISOString(), ':zero': 0, ':one': 1,
          ':luMs': leaseUntil.getTime(), ':nowIso': isoUtc(now.getTime()), ':nowMs': now.getTime(),
          ':gp': itemKeys.auctionStatus('clearing'), ':gs': `${leaseUntil.toISOString()}#${auctionId}`,
        },
      });
      if (out === false) return null;
      const clearing = lifecycleRecord(out).clearing!;
      return { attempts: clearing.attempts, ...(clearing.lastError ? { lastError: clearing.lastError } : {}) };
    },

    async readBookInputs(auctionId) {
      const auction = await getRecord(auctionId);
      if (!auction) throw new Error(`auction ${auctionId} not found`);
      const forecasts: StoredForecast[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new QueryCommand({
          TableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)', ConsistentRead: true,
          ExpressionAttributeValues: { ':p': itemKeys.auction(auctionId).pk, ':f': 'FORECAST#' }, ExclusiveStartKey: start,
        }));
        for (const item of out.Items ?? []) forecasts.push(ForecastSchema.parse(item.forecast));
        start = out.LastEvaluatedKey;
      } while (start);
      const bids = await market.bids.readAllBids(auctionId);
      return { auction, forecasts, bids } satisfies BookInputs;
    },

    async saveBook(auctionId, inputDigest, bookJson) {
      const ref = await writeBlob(doc, TableName, lifecycleKeys.bookChunks(auctionId, inputDigest), bookJson, blobOptions);
      try {
        await doc.send(new PutCommand({
          TableName, Item: { ...lifecycleKeys.book(auctionId, inputDigest), type: 'book', ...ref },
          ConditionExpression: 'attribute_not_exists(pk) OR sha256 = :s', ExpressionAttributeValues: { ':s': ref.sha256 },
        }));
      } catch (error) {
        if (isConditionFailure(error)) throw new Error(`book ${inputDigest} of auction ${auctionId} was stored with other bytes`);
        throw error;
      }
    },

    async saveResult(auctionId, key, resultJson) {
      const ref = await writeBlob(doc, TableName, lifecycleKeys.resultChunks(auctionId, key.inputDigest, key.resultSha256), resultJson, blobOptions);
      if (ref.sha256 !== key.resultSha256) throw new Error('result bytes do not match their sha256');
    },

    async publish(auctionId, p) {
      const current = await getRecord(auctionId);
      if (!current) return false;
      const next: AuctionRecord = { ...current, status: 'cleared' };
      const out = await updateAuction(auctionId, {
        set: [
          '#status = :cleared', '#c.inputDigest = :d', '#c.resultSha256 = :s', '#c.resultBytes = :b',
          '#ts.clearedAt = :at', 'gsi2pk = :gp', 'gsi2sk = :gs',
        ],
        remove: ['#c.#owner', '#c.leaseUntil', '#c.lastError', 'leaseUntilMs'],
        condition: '#status = :clearing AND #c.#owner = :o',
        names: { '#owner': 'owner' },
        values: {
          ':cleared': 'cleared', ':clearing': 'clearing', ':o': p.owner, ':d': p.inputDigest, ':s': p.resultSha256, ':b': p.resultBytes,
          ':at': isoUtc(p.at.getTime()), ...statusKeys(next, p.at),
        },
      });
      return out !== false;
    },

    async releaseAfterError(auctionId, owner, reason, at) {
      const out = await updateAuction(auctionId, {
        set: ['#c.lastError = :r', '#c.leaseUntil = :lu', 'leaseUntilMs = :luMs', 'gsi2sk = :gs'],
        condition: '#status = :clearing AND #c.#owner = :o',
        names: { '#owner': 'owner' },
        values: { ':r': reason.slice(0, 2000), ':lu': at.toISOString(), ':luMs': at.getTime(), ':gs': `${at.toISOString()}#${auctionId}`, ':clearing': 'clearing', ':o': owner },
      });
      return out !== false;
    },

    async markFailed(auctionId, owner, failure, at) {
      const out = await updateAuction(auctionId, {
        set: ['#status = :failed', 'failure = :f', '#ts.failedAt = :at', 'gsi2pk = :gp', 'gsi2sk = :gs'],
        remove: ['#c.#owner', '#c.leaseUntil', 'leaseUntilMs'],
        condition: '#status = :clearing AND #c.#owner = :o',
        names: { '#owner': 'owner' },
        values: {
          ':failed': 'failed', ':f': { reason: failure.reason.slice(0, 2000), attempts: failure.attempts }, ':at': isoUtc(at.getTime()),
          ':gp': itemKeys.auctionStatus('failed'), ':gs': `${at.toISOString()}#${auctionId}`, ':clearing': 'clearing', ':o': owner,
        },
      });
      return out !== false;
    },

    async reopenFailed(auctionId, at) {
      const current = await getRecord(auctionId);
      if (!current || current.status !== 'failed') return false;
      const out = await updateAuction(auctionId, {
        set: ['#status = :closed', '#c = :fresh', 'gsi2pk = :gp', 'gsi2sk = :gs'],
        remove: ['failure', 'leaseUntilMs'],
        condition: '#status = :failed',
        values: { ':closed': 'closed', ':failed': 'failed', ':fresh': { attempts: 0 }, ...statusKeys({ ...current, status: 'closed' }, at) },
      });
      return out !== false;
    },

    async closeGate(auctionId, gateClosure, closedAt) {
      return market.auctions.closeGate(auctionId, new Date(closedAt), { gateClosure, closedAt });
    },

    async readPublishedFiles(auctionId) {
      const item = await getItem(itemKeys.auction(auctionId));
      if (!item) return undefined;
      const auction = lifecycleRecord(item);
      const c = auction.clearing;
      if (!PUBLISHED.includes(auction.status) || !c?.inputDigest || !c.resultSha256 || c.resultBytes === undefined) return { auction };
      const manifest = await getItem(lifecycleKeys.book(auctionId, c.inputDigest));
      const resultJson = await readBlob(doc, TableName, lifecycleKeys.resultChunks(auctionId, c.inputDigest, c.resultSha256), { bytes: c.resultBytes, sha256: c.resultSha256 });
      const bookJson = manifest ? await readBlob(doc, TableName, lifecycleKeys.bookChunks(auctionId, c.inputDigest), { bytes: manifest.bytes as number, sha256: manifest.sha256 as string }) : undefined;
      // Written before the pointer, so missing bytes mean the table was damaged, not a race.
      if (resultJson === undefined || bookJson === undefined) throw new Error(`published files of auction ${auctionId} are incomplete`);
      return { auction, files: { bookJson, resultJson, dispatchVersion: (item.dispatchVersion as number | undefined) ?? 0 } };
    },

    async readPublished(auctionId) {
      const found = await store.readPublishedFiles(auctionId);
      if (!found?.files) return undefined;
      const book = BookSchema.parse(JSON.parse(found.files.bookJson));
      const result = ResultSchema.parse(JSON.parse(found.files.resultJson));
      const v = found.files.dispatchVersion;
      const record = v > 0 ? await store.readCurtailment(auctionId, v) : undefined;
      if (v > 0 && !record) throw new Error(`curtailment ${v} of auction ${auctionId} is missing`);
      return { auction: found.auction, book, result, dispatch: record?.dispatch } satisfies PublishedAuction;
    },

    async commitCurtailment(record) {
      const json = JSON.stringify(record);
      const sha = sha256Hex(json);
      // The record's bytes first (named by their hash: a competing curtailment writes elsewhere),
      // then the commit: the record's pointer and the auction's dispatch version in ONE transaction.
      const ref = await writeBlob(doc, TableName, lifecycleKeys.curtailmentChunks(record.auctionId, record.version, sha), json, blobOptions);
      const first = record.version === 1;
      const items = [
        {
          Put: {
            TableName, ConditionExpression: 'attribute_not_exists(pk)',
            Item: {
              ...lifecycleKeys.curtailment(record.auctionId, record.version), type: 'curtailment', auctionId: record.auctionId,
              version: record.version, at: record.at, ...ref,
              gsi1pk: lifecycleKeys.fanOutPending(), gsi1sk: `${record.at}#${record.auctionId}#${String(record.version).padStart(6, '0')}`,
            },
          },
        },
        {
          Update: {
            TableName, Key: itemKeys.auction(record.auctionId), UpdateExpression: 'SET dispatchVersion = :v',
            ConditionExpression: `#status IN (:cleared, :delivering) AND ${first ? 'attribute_not_exists(dispatchVersion)' : 'dispatchVersion = :prev'}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':v': record.version, ':cleared': 'cleared', ':delivering': 'delivering', ...(first ? {} : { ':prev': record.version - 1 }) },
          },
        },
      ];
      for (let attempt = 0; ; attempt++) {
        try {
          await doc.send(new TransactWriteCommand({ TransactItems: items }));
          return true;
        } catch (error) {
          const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
          if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
          // A concurrent transaction on the same items: retry; its outcome decides ours.
          if (reasons.some((r) => r.Code === 'TransactionConflict') && attempt < 5) {
            await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
            continue;
          }
          throw error;
        }
      }
    },

    async publishNotices(record, outbox) {
      await writeEvents(record);
      await mapLimit(outbox, 32, (entry) => putOutboxEntry(doc, TableName, entry));
      // Done: leave the repair index. Unconditional and idempotent.
      await doc.send(new UpdateCommand({
        TableName, Key: lifecycleKeys.curtailment(record.auctionId, record.version),
        UpdateExpression: 'SET fannedOut = :t REMOVE gsi1pk, gsi1sk', ExpressionAttributeValues: { ':t': true },
        ConditionExpression: 'attribute_exists(pk)',
      }));
    },

    async listPendingFanOut(limit) {
      const out = await doc.send(new QueryCommand({
        TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': lifecycleKeys.fanOutPending() }, Limit: limit,
      }));
      return (out.Items ?? []).map((i) => ({ auctionId: i.auctionId as string, version: i.version as number, at: i.at as string }));
    },

    async readCurtailment(auctionId, version) {
      const commit = await getItem(lifecycleKeys.curtailment(auctionId, version));
      if (!commit) return undefined;
      const ref = { bytes: commit.bytes as number, sha256: commit.sha256 as string };
      const json = await readBlob(doc, TableName, lifecycleKeys.curtailmentChunks(auctionId, version, ref.sha256), ref);
      if (json === undefined) throw new Error(`curtailment ${version} of auction ${auctionId} is incomplete`);
      return CurtailmentRecordSchema.parse(JSON.parse(json));
    },
  };

  /** One feed item per notice, keyed (bidder; noticeTime, auction, version): rewriting writes the same item. */
  async function writeEvents(record: CurtailmentRecord): Promise<void> {
    await batchWriteAll(doc, TableName, record.notices.map((n) => ({
      PutRequest: {
        Item: {
          pk: lifecycleKeys.events(n.bidderId), sk: lifecycleKeys.eventSortKey(n), type: 'event',
          body: JSON.stringify(CurtailmentNoticeSchema.parse(n)),
        },
      },
    })), options.retry);
  }

  return store;
}
