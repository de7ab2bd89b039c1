// The DynamoDB adapter behind the market store port (lib/market/ports.ts). Every write that can
// race is conditional; bid writes carry a ConditionCheck on the auction item (open, gate not yet
// closed at the caller's clock) in the same transaction. Layout: docs/table-design.md.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuctionRecord, AuctionStore, BidRecord, BidStore, ForecastRecord, ForecastStore, GuardedWrite, IdempotencyCompletion,
  IdempotencyRecord, IdempotencyStore, StoredResponse, KeyRecord, KeyStore, MarketStore, Page, PageRequest,
} from '../market/ports';
import { BID_SHARDS, bidShard, itemKeys } from './keys';
import { decodeCursor, encodeCursor } from './cursor';
import { StoredBidSchema } from '../../schemas/api/bids';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { PrincipalSchema } from '../../schemas/api/keys';
import { ClearingFailureSchema, LifecycleTimestampsSchema } from '../../schemas/lifecycle';
import { isoUtc } from '../kernel/interval-time';

type Item = Record<string, unknown>;

/** Items come back with map keys in any order: parsing restores the schema's order (same bytes). */
const readBid = (value: unknown): BidRecord => StoredBidSchema.parse(value);

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/** Which items of a cancelled transaction failed their condition (by index). */
function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  // Other codes (TransactionConflict with a concurrent transaction on the same items) are races too.
  return failed.length > 0 ? failed : reasons.some((r) => r.Code === 'TransactionConflict') ? [-1] : undefined;
}

function strip<T>(item: Item | undefined, field: string): T | undefined {
  return item ? (item[field] as T) : undefined;
}

/** Found items kept in this process's memory, served only to callers that accept their age. */
class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  constructor(private readonly maxEntries = 10_000) {}
  forget(id: string): void { this.entries.delete(id); }
  async read(id: string, maxAgeMs: number | undefined, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.entries.get(id);
    if (maxAgeMs !== undefined && hit && Date.now() - hit.at <= maxAgeMs) return hit.value;
    const value = await load();
    if (value !== undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { value, at: Date.now() });
    }
    return value;
  }
}

export function createDynamoDbStore(doc: DynamoDBDocumentClient, tableName: string): MarketStore {
  const TableName = tableName;
  const keyCache = new ReadCache<KeyRecord>();
  const auctionCache = new ReadCache<AuctionRecord>();

  const gateCheck = (auctionId: string, bidId: string, now: Date) => ({
    ConditionCheck: {
      TableName,
      Key: itemKeys.gate(auctionId, bidShard(bidId)),
      ConditionExpression: '#status = :open AND gateClosureMs > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open', ':now': now.getTime() },
    },
  });

  /** A transaction cancelled only because another one held an item (TransactionConflict) is
   * retried with jitter; a failed condition is final. */
  async function transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons ?? [] : [];
        const onlyConflict = reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed');
        if (!onlyConflict || attempt >= 4) throw error;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
  }

  async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  /** Names the reason a guarded write failed: the auction (gone or gate shut) or the item. */
  async function explain(auctionId: string, now: Date, failed: number[]): Promise<GuardedWrite> {
    const auction = strip<AuctionRecord>(await getItem(itemKeys.auction(auctionId)), 'auction');
    if (!auction) return 'not-found';
    if (failed.includes(0)) return auction.status !== 'open' || Date.parse(auction.gateClosure) <= now.getTime() ? 'gate-closed' : 'conflict';
    return 'conflict';
  }

  const keys: KeyStore = {
    async putKey(record: KeyRecord) {
      try {
        await doc.send(new PutCommand({
          TableName, Item: { ...itemKeys.key(record.keyHash), type: 'key', key: record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async getKeyByHash(keyHash, options) {
      return keyCache.read(keyHash, options?.maxAgeMs, async () => {
        const key = strip<KeyRecord>(await getItem(itemKeys.key(keyHash)), 'key');
        return key === undefined ? undefined : { ...PrincipalSchema.parse({ keyId: key.keyId, role: key.role, bidderId: key.bidderId, classes: key.classes, createdAt: key.createdAt }), keyHash: key.keyHash };
      });
    },
  };

  const auctionItem = (auction: AuctionRecord): Item => ({
    ...itemKeys.auction(auction.id),
    type: 'auction',
    status: auction.status,
    gateClosureMs: Date.parse(auction.gateClosure),
    gsi1pk: itemKeys.auctionList(), gsi1sk: auction.id,
    gsi2pk: itemKeys.auctionStatus(auction.status), gsi2sk: `${auction.gateClosure}#${auction.id}`,
    // Lifecycle fields live beside the header (they change; the header does not).
    auction: { ...auction, timestamps: undefined, failure: undefined },
    // Lifecycle fields (lib/store/dynamodb-lifecycle-store.ts updates them in place).
    timestamps: auction.timestamps ?? { openedAt: isoUtc(Date.parse(auction.createdAt)) },
    clearing: { attempts: 0 },
  });
  /** The record with the attributes that later writes change (status, forecast pointer) folded in. */
  const readAuction = (item: Item | undefined): AuctionRecord | undefined => {
    if (!item) return undefined;
    const auction = item.auction as AuctionRecord;
    return {
      ...auction, status: item.status as AuctionRecord['status'], updatedAt: (item.updatedAt as string | undefined) ?? auction.updatedAt,
      ...(item.forecastVersion ? { forecastVersion: item.forecastVersion as number } : {}),
      ...(item.timestamps ? { timestamps: LifecycleTimestampsSchema.parse(item.timestamps) } : {}),
      ...(item.failure ? { failure: ClearingFailureSchema.parse(item.failure) } : {}),
    };
  };

  const auctions: AuctionStore = {
    async createAuction(auction) {
      const gate = { status: auction.status, gateClosureMs: Date.parse(auction.gateClosure), type: 'gate' };
      await doc.send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: auctionItem(auction), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...Array.from({ length: BID_SHARDS }, (_, shard) => ({ Put: { TableName, Item: { ...itemKeys.gate(auction.id, shard), ...gate } } })),
        ],
      }));
    },
    async closeGate(id, now, at = {}) {
      const names: Record<string, string> = { '#status': 'status' };
      const values = { ':open': 'open', ':closed': 'closed' };
      const gate = at.gateClosure === undefined ? undefined : new Date(at.gateClosure);
      // A forced close moves the gate closure (auction, index key, gate copies) to `at.gateClosure`.
      const moveGate = gate ? ', #auction.gateClosure = :gc, gateClosureMs = :gcMs, gsi2sk = :gsk' : '';
      const gateValues = gate ? { ':gc': gate.toISOString(), ':gcMs': gate.getTime(), ':gsk': `${gate.toISOString()}#${id}` } : {};
      try {
        await doc.send(new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName, Key: itemKeys.auction(id), ConditionExpression: '#status = :open',
                UpdateExpression: `SET #status = :closed, gsi2pk = :g, updatedAt = :u, timestamps.closedAt = :ca${moveGate}`,
                ExpressionAttributeNames: { ...names, ...(gate ? { '#auction': 'auction' } : {}) },
                ExpressionAttributeValues: { ...values, ':g': itemKeys.auctionStatus('closed'), ':u': now.toISOString(), ':ca': at.closedAt ?? isoUtc(now.getTime()), ...gateValues },
              },
            },
            ...Array.from({ length: BID_SHARDS }, (_, shard) => ({
              Update: {
                TableName, Key: itemKeys.gate(id, shard), UpdateExpression: `SET #status = :closed${gate ? ', gateClosureMs = :gcMs' : ''}`,
                ExpressionAttributeNames: names, ExpressionAttributeValues: { ':closed': 'closed', ...(gate ? { ':gcMs': gate.getTime() } : {}) },
              },
            })),
          ],
        }));
        auctionCache.forget(id);
        return true;
      } catch (error) {
        if (failedConditions(error)) return false;
        throw error;
      }
    },
    async getAuction(id, options) {
      return auctionCache.read(id, options?.maxAgeMs, async () => readAuction(await getItem(itemKeys.auction(id))));
    },
    async listAuctions(page) {
      const partition = itemKeys.auctionList();
      const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && c.k?.gsi1pk === partition);
      const out = await doc.send(new QueryCommand({
        TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
        Limit: page.limit, ExclusiveStartKey: cursor?.k,
      }));
      return {
        items: (out.Items ?? []).map((item) => readAuction(item)!),
        nextCursor: out.LastEvaluatedKey ? encodeCursor({ k: out.LastEvaluatedKey as Record<string, string> }) : undefined,
      };
    },
    async listGateClosed(before, limit) {
      const out = await doc.send(new QueryCommand({
        TableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :b',
        ExpressionAttributeValues: { ':p': itemKeys.auctionStatus('open'), ':b': `${before.toISOString()}#~` }, Limit: limit,
      }));
      return (out.Items ?? []).map((item) => readAuction(item)!);
    },
  };

  const forecasts: ForecastStore = {
    async putForecast(forecast: ForecastRecord, now: Date) {
      const first = forecast.version === 1;
      try {
        await doc.send(new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName, Key: itemKeys.auction(forecast.auctionId),
                UpdateExpression: 'SET forecastVersion = :v, updatedAt = :u',
                ConditionExpression: `#status = :open AND gateClosureMs > :now AND ${first ? 'attribute_not_exists(forecastVersion)' : 'forecastVersion = :prev'}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':v': forecast.version, ':u': forecast.createdAt, ':open': 'open', ':now': now.getTime(), ...(first ? {} : { ':prev': forecast.version - 1 }) },
              },
            },
            { Put: { TableName, Item: { ...itemKeys.forecast(forecast.auctionId, forecast.version), type: 'forecast', forecast }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }));
        return 'ok';
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        return explain(forecast.auctionId, now, failed);
      }
    },
    async getForecast(auctionId, version) {
      const forecast = strip<unknown>(await getItem(itemKeys.forecast(auctionId, version)), 'forecast');
      return forecast === undefined ? undefined : ForecastSchema.parse(forecast);
    },
  };

  const bidItem = (bid: BidRecord): Item => ({
    ...itemKeys.bid(bid.auctionId, bid.id),
    type: 'bid',
    bidder: bid.bidder,
    updatedAt: bid.updatedAt,
    gsi1pk: itemKeys.bidderBids(bid.bidder, bid.auctionId), gsi1sk: `BID#${bid.id}`,
    bid,
  });

  const completionUpdate = (completion: IdempotencyCompletion, expiresAt?: number) => ({
    TableName, Key: itemKeys.idempotency(completion.scopeKey),
    UpdateExpression: `SET #state = :done, #response = :r${expiresAt ? ', expiresAt = :e' : ''} REMOVE #token, leaseUntil`,
    ConditionExpression: '#state = :pending AND #token = :t',
    ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#token': 'token' },
    ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':r': completion.response, ':t': completion.token, ...(expiresAt ? { ':e': expiresAt } : {}) },
  });

  const bids: BidStore = {
    async createBid(bid, now, idempotency) {
      try {
        await transact([
          gateCheck(bid.auctionId, bid.id, now),
          { Put: { TableName, Item: bidItem(bid), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(idempotency ? [{ Update: completionUpdate(idempotency) }] : []),
        ]);
        return 'ok';
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        return explain(bid.auctionId, now, failed);
      }
    },
    async getBid(auctionId, bidId) {
      const bid = strip<unknown>(await getItem(itemKeys.bid(auctionId, bidId)), 'bid');
      return bid === undefined ? undefined : readBid(bid);
    },
    async replaceBid(bid, previousUpdatedAt, now) {
      try {
        await transact([
          gateCheck(bid.auctionId, bid.id, now),
          {
            Put: {
              TableName, Item: bidItem(bid),
              ConditionExpression: 'attribute_exists(pk) AND bidder = :b AND updatedAt = :prev',
              ExpressionAttributeValues: { ':b': bid.bidder, ':prev': previousUpdatedAt },
            },
          },
        ]);
        return 'ok';
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        if (failed.includes(1) && !(await bids.getBid(bid.auctionId, bid.id))) return 'not-found';
        return explain(bid.auctionId, now, failed);
      }
    },
    async deleteBid(auctionId, bidId, bidder, now) {
      try {
        await transact([
          gateCheck(auctionId, bidId, now),
          { Delete: { TableName, Key: itemKeys.bid(auctionId, bidId), ConditionExpression: 'attribute_exists(pk) AND bidder = :b', ExpressionAttributeValues: { ':b': bidder } } },
        ]);
        return 'ok';
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed) throw error;
        if (failed.includes(1) && !(await bids.getBid(auctionId, bidId))) return 'not-found';
        return explain(auctionId, now, failed);
      }
    },
    async readAllBids(auctionId) {
      const shards = await Promise.all(Array.from({ length: BID_SHARDS }, async (_, shard) => {
        const bids: BidRecord[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const out = await doc.send(new QueryCommand({
            TableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :bid)', ConsistentRead: true,
            ExpressionAttributeValues: { ':p': itemKeys.bidPartition(auctionId, shard), ':bid': 'BID#' }, ExclusiveStartKey: start,
          }));
          for (const item of out.Items ?? []) bids.push(readBid(item.bid));
          start = out.LastEvaluatedKey;
        } while (start);
        return bids;
      }));
      return shards.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async listBids(auctionId, bidder, page) {
      return bidder === undefined ? listAllBids(auctionId, page) : listBidderBids(auctionId, bidder, page);
    },
  };

  async function listBidderBids(auctionId: string, bidder: string, page: PageRequest): Promise<Page<BidRecord>> {
    const partition = itemKeys.bidderBids(bidder, auctionId);
    const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && c.k?.gsi1pk === partition);
    const out = await doc.send(new QueryCommand({
      TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
      Limit: page.limit, ExclusiveStartKey: cursor?.k,
    }));
    return {
      items: (out.Items ?? []).map((item) => readBid(item.bid)),
      nextCursor: out.LastEvaluatedKey ? encodeCursor({ k: out.LastEvaluatedKey as Record<string, string> }) : undefined,
    };
  }

  /** All bids of an auction: the shards in order, each in bid-id order. */
  async function listAllBids(auctionId: string, page: PageRequest): Promise<Page<BidRecord>> {
    const cursor = decodeCursor(page.cursor, (c) => c.s !== undefined && c.s < BID_SHARDS
      && (c.k === undefined || c.k.pk === itemKeys.bidPartition(auctionId, c.s)));
    const items: BidRecord[] = [];
    let shard = cursor?.s ?? 0;
    let start = cursor?.k;
    while (shard < BID_SHARDS) {
      const out = await doc.send(new QueryCommand({
        TableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :bid)', ConsistentRead: true,
        ExpressionAttributeValues: { ':p': itemKeys.bidPartition(auctionId, shard), ':bid': 'BID#' },
        Limit: page.limit - items.length, ExclusiveStartKey: start,
      }));
      for (const item of out.Items ?? []) items.push(readBid(item.bid));
      if (out.LastEvaluatedKey) {
        if (items.length >= page.limit) return { items, nextCursor: encodeCursor({ s: shard, k: out.LastEvaluatedKey as Record<string, string> }) };
        start = out.LastEvaluatedKey as Record<string, string>;
        continue;
      }
      shard++;
      start = undefined;
      if (items.length >= page.limit) return { items, nextCursor: shard < BID_SHARDS ? encodeCursor({ s: shard }) : undefined };
    }
    return { items };
  }

  const idempotency: IdempotencyStore = {
    async claim(scopeKey, requestHash, token, now, leaseUntil, expiresAt) {
      try {
        await doc.send(new PutCommand({
          TableName,
          Item: { ...itemKeys.idempotency(scopeKey), type: 'idempotency', state: 'pending', requestHash, token, leaseUntil, expiresAt },
          // A pending claim whose lease ran out (its holder crashed) may be taken over.
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :pending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now },
        }));
        return { claimed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await idempotency.get(scopeKey);
        if (!existing) return idempotency.claim(scopeKey, requestHash, token, now, leaseUntil, expiresAt);
        return { claimed: false, existing };
      }
    },
    async complete(completion, expiresAt) {
      try {
        await doc.send(new UpdateCommand(completionUpdate(completion, expiresAt)));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async release(scopeKey, token) {
      try {
        await doc.send(new DeleteCommand({
          TableName, Key: itemKeys.idempotency(scopeKey), ConditionExpression: '#state = :pending AND #token = :t',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' }, ExpressionAttributeValues: { ':pending': 'pending', ':t': token },
        }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async get(scopeKey) {
      const item = await getItem(itemKeys.idempotency(scopeKey));
      if (!item) return undefined;
      if (item.state === 'done') return { state: 'done', requestHash: item.requestHash as string, response: item.response as StoredResponse };
      return { state: 'pending', requestHash: item.requestHash as string, token: item.token as string, leaseUntil: item.leaseUntil as number };
    },
  };

  return { keys, auctions, forecasts, bids, idempotency };
}
