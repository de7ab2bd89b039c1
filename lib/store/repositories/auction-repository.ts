// Owns the auction item and its 16 gate copies: creation, gate closure (auction + copies in one
// transaction), reads (consistent, or cached for callers that accept an age), the list and due
// queries, the lifecycle's conditional updates (auction-lifecycle-writes.ts), and the pieces other
// repositories put into their transactions (gate check, forecast and dispatch pointers).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuctionRecord, AuctionStore, GuardedWrite } from '../../market/ports';
import type { AuctionRecord as LifecycleAuctionRecord } from '../../lifecycle/ports';
import type { AuctionStatus } from '../../../schemas/lifecycle';
import { isoUtc } from '../../kernel/interval-time';
import { conditionalUpdate, transact, tx, type CancelReason, type TransactItem } from '../conditional-write';
import { decodeCursor, GSI1_KEY, keyIs, pageCursor } from '../cursor';
import { BID_SHARDS, bidShard, itemKeys } from '../keys';
import { auctionCodec, type StoredAuction } from '../items/auction-item';
import { gateCodec, gateShut } from '../items/gate-item';
import { ReadCache } from '../read-cache';
import { getItem, type Item, type Table } from '../table';
import { createAuctionLifecycleWrites, type AuctionLifecycleWrites } from './auction-lifecycle-writes';

/** Stored auctions a filtered list reads at most per page (docs/api.md "Pagination"). */
export const LIST_SCAN_BUDGET = 500;

/** Statuses with a due time: listDue queries these gsi2 partitions. */
const ACTIVE: readonly AuctionStatus[] = ['open', 'closed', 'clearing', 'cleared', 'delivering'];

export interface AuctionRepository extends AuctionStore, AuctionLifecycleWrites {
  /** Consistent read of the whole item (both views). */
  getStored(id: string): Promise<StoredAuction | undefined>;
  /** Auctions whose due key (nextDueAt) is ≤ now, in the active statuses, at most `limit`. */
  listDue(now: Date, limit: number): Promise<LifecycleAuctionRecord[]>;
  /** Transaction item: the bid's shard gate copy is open at `now`. */
  gateCheck(auctionId: string, bidId: string, now: Date): TransactItem;
  /** Transaction item: the forecast pointer moves to `version` (from version − 1), gate open at `now`. */
  forecastPointer(auctionId: string, version: number, updatedAt: string, now: Date): TransactItem;
  /** Transaction item: the dispatch version moves to `version` (from version − 1) on a published auction. */
  dispatchPointer(auctionId: string, version: number): TransactItem;
  /** See LifecycleStore.restampClosedGate. */
  restampClosedGate(id: string, expected: string, gateClosure: string, closedAt: string): Promise<boolean>;
  /** Why a transaction guarded at index 0 (gate check or forecast pointer) was cancelled. */
  guardOutcome(auctionId: string, now: Date, reasons: CancelReason[]): Promise<GuardedWrite>;
}

export function createAuctionRepository(table: Table): AuctionRepository {
  const cache = new ReadCache<AuctionRecord>();
  const TableName = table.name;

  const getStored = async (id: string) => {
    const item = await getItem(table, itemKeys.auction(id));
    return item ? auctionCodec.decode(item) : undefined;
  };

  async function closeGate(id: string, now: Date, at: { gateClosure?: string; closedAt?: string } = {}): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const gate = at.gateClosure === undefined ? undefined : new Date(at.gateClosure);
    // A forced close moves the gate closure (auction, index key, gate copies) to `at.gateClosure`.
    const moveGate = gate ? ', #auction.gateClosure = :gc, gateClosureMs = :gcMs, gsi2sk = :gsk' : '';
    const gateValues = gate ? { ':gc': gate.toISOString(), ':gcMs': gate.getTime(), ':gsk': `${gate.toISOString()}#${id}` } : {};
    const out = await transact(table, [
      tx.update(table, {
        Key: itemKeys.auction(id), ConditionExpression: '#status = :open',
        UpdateExpression: `SET #status = :closed, gsi2pk = :g, updatedAt = :u, timestamps.closedAt = :ca${moveGate}`,
        ExpressionAttributeNames: { ...names, ...(gate ? { '#auction': 'auction' } : {}) },
        ExpressionAttributeValues: {
          ':open': 'open', ':closed': 'closed', ':g': itemKeys.auctionStatus('closed'), ':u': now.toISOString(), ':ca': at.closedAt ?? isoUtc(now.getTime()), ...gateValues,
        },
      }),
      ...Array.from({ length: BID_SHARDS }, (_, shard) => tx.update(table, {
        Key: itemKeys.gate(id, shard), UpdateExpression: `SET #status = :closed${gate ? ', gateClosureMs = :gcMs' : ''}`,
        ExpressionAttributeNames: names, ExpressionAttributeValues: { ':closed': 'closed', ...(gate ? { ':gcMs': gate.getTime() } : {}) },
      })),
    ]);
    cache.forget(id);
    return out.ok;
  }

  /** After a forced close committed: moves its gate closure (and closedAt) to `gateClosure`, if still `expected`. */
  async function restampClosedGate(id: string, expected: string, gateClosure: string, closedAt: string): Promise<boolean> {
    const gate = new Date(gateClosure);
    const out = await transact(table, [tx.update(table, {
      Key: itemKeys.auction(id), ConditionExpression: '#status = :closed AND #auction.gateClosure = :expected',
      UpdateExpression: 'SET #auction.gateClosure = :gc, gateClosureMs = :gcMs, gsi2sk = :gsk, timestamps.closedAt = :ca',
      ExpressionAttributeNames: { '#status': 'status', '#auction': 'auction' },
      ExpressionAttributeValues: { ':closed': 'closed', ':expected': new Date(expected).toISOString(), ':gc': gate.toISOString(), ':gcMs': gate.getTime(), ':gsk': `${gate.toISOString()}#${id}`, ':ca': closedAt },
    })]);
    cache.forget(id);
    return out.ok;
  }

  const decodeGuard = (old: Item) => {
    if (old.type === 'gate') return gateCodec.decode(old);
    const { market } = auctionCodec.decode(old);
    return { status: market.status, gateClosureMs: Date.parse(market.gateClosure) };
  };

  return {
    async createAuction(auction) {
      const gate = { auctionId: auction.id, status: auction.status, gateClosureMs: Date.parse(auction.gateClosure) };
      const out = await transact(table, [
        tx.put(table, { Item: auctionCodec.encode(auction), ConditionExpression: 'attribute_not_exists(pk)' }),
        ...Array.from({ length: BID_SHARDS }, (_, shard) => ({ Put: { TableName, Item: gateCodec.encode({ ...gate, shard }) } })),
      ]);
      if (!out.ok) throw new Error(`auction ${auction.id} exists`);
    },
    closeGate,
    restampClosedGate,
    async setIndices(id, indices, now) {
      const out = await conditionalUpdate(table, {
        // updatedAt moves with the values: a reader comparing it sees the auction changed.
        Key: itemKeys.auction(id), UpdateExpression: 'SET indices = :i, updatedAt = :u',
        ConditionExpression: 'attribute_exists(pk) AND #status = :open AND gateClosureMs > :now',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':i': indices, ':u': now.toISOString(), ':open': 'open', ':now': now.getTime() },
      });
      cache.forget(id);
      if (out.ok) return 'ok';
      return out.old ? 'gate-closed' : 'not-found';
    },
    async getAuction(id, options) {
      return cache.read(id, options?.maxAgeMs, async () => (await getStored(id))?.market);
    },
    async listAuctions(page, accept = () => true) {
      const partition = itemKeys.auctionList();
      let start = decodeCursor(page.cursor, (c) => c.s === undefined && keyIs(c.k, GSI1_KEY, { gsi1pk: partition }))?.k;
      const items: AuctionRecord[] = [];
      let scanned = 0;
      // Filters are applied after decoding (the status a client sees is derived on read), so a
      // page is filled from several queries, within a budget; the cursor is the last key read.
      while (items.length < page.limit && scanned < LIST_SCAN_BUDGET) {
        const out = await table.doc.send(new QueryCommand({
          TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
          Limit: Math.min(page.limit, LIST_SCAN_BUDGET - scanned), ExclusiveStartKey: start,
        }));
        const rows = out.Items ?? [];
        scanned += rows.length;
        start = out.LastEvaluatedKey;
        for (const [i, row] of rows.entries()) {
          const auction = auctionCodec.decode(row).market;
          if (!accept(auction)) continue;
          items.push(auction);
          if (items.length === page.limit) {
            // Stopped inside this query's page: continue after the last item returned.
            if (i < rows.length - 1) start = { gsi1pk: row.gsi1pk, gsi1sk: row.gsi1sk, pk: row.pk, sk: row.sk };
            break;
          }
        }
        if (!start) break;
      }
      return { items, nextCursor: pageCursor(start) };
    },
    async listGateClosed(before, limit) {
      const out = await table.doc.send(new QueryCommand({
        TableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :b',
        ExpressionAttributeValues: { ':p': itemKeys.auctionStatus('open'), ':b': `${before.toISOString()}#~` }, Limit: limit,
      }));
      return (out.Items ?? []).map((item) => auctionCodec.decode(item).market);
    },
    getStored,
    async listDue(now, limit) {
      const bound = `${now.toISOString()}#~`;
      const found: LifecycleAuctionRecord[] = [];
      for (const status of ACTIVE) {
        let start: Record<string, unknown> | undefined;
        do {
          const out = await table.doc.send(new QueryCommand({
            TableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :b',
            ExpressionAttributeValues: { ':p': itemKeys.auctionStatus(status), ':b': bound }, ExclusiveStartKey: start, Limit: limit,
          }));
          for (const item of out.Items ?? []) found.push(auctionCodec.decode(item).lifecycle);
          start = found.length < limit ? out.LastEvaluatedKey : undefined;
        } while (start);
        if (found.length >= limit) break;
      }
      return found.slice(0, limit);
    },
    ...createAuctionLifecycleWrites(table, closeGate),
    gateCheck: (auctionId, bidId, now) => tx.check(table, {
      Key: itemKeys.gate(auctionId, bidShard(bidId)),
      ConditionExpression: '#status = :open AND gateClosureMs > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open', ':now': now.getTime() },
    }),
    forecastPointer: (auctionId, version, updatedAt, now) => {
      const first = version === 1;
      return tx.update(table, {
        Key: itemKeys.auction(auctionId),
        UpdateExpression: 'SET forecastVersion = :v, updatedAt = :u',
        ConditionExpression: `#status = :open AND gateClosureMs > :now AND ${first ? 'attribute_not_exists(forecastVersion)' : 'forecastVersion = :prev'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':v': version, ':u': updatedAt, ':open': 'open', ':now': now.getTime(), ...(first ? {} : { ':prev': version - 1 }) },
      });
    },
    dispatchPointer: (auctionId, version) => {
      const first = version === 1;
      return tx.update(table, {
        Key: itemKeys.auction(auctionId), UpdateExpression: 'SET dispatchVersion = :v',
        ConditionExpression: `#status IN (:cleared, :delivering) AND ${first ? 'attribute_not_exists(dispatchVersion)' : 'dispatchVersion = :prev'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':v': version, ':cleared': 'cleared', ':delivering': 'delivering', ...(first ? {} : { ':prev': version - 1 }) },
      });
    },
    async guardOutcome(auctionId, now, reasons) {
      const guard = reasons[0];
      if (guard?.failed) return guard.old ? (gateShut(decodeGuard(guard.old), now) ? 'gate-closed' : 'conflict') : 'not-found';
      if (reasons.some((r) => r.failed)) return 'conflict';
      // Cancelled by conflicts only (retries ran out): no old image to judge by, so read.
      return (await getItem(table, itemKeys.auction(auctionId))) ? 'conflict' : 'not-found';
    },
  };
}
