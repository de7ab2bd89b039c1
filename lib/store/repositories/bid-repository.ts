// Owns the bid items (16 shard partitions per auction). Every write is one transaction with the
// gate check on the bid's shard gate copy (built by the auction repository) at index 0; a failed
// transaction is explained from the old images DynamoDB returns, not by re-reading.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BidRecord, BidStore, BidWrite, GuardedWrite, IdempotencyCompletion, Page, PageRequest } from '../../market/ports';
import { transact, tx, type CancelReason, type TransactItem } from '../conditional-write';
import { decodeCursor, encodeCursor, GSI1_KEY, keyIs, pageCursor, TABLE_KEY } from '../cursor';
import { BID_SHARDS, itemKeys } from '../keys';
import { bidCodec } from '../items/bid-item';
import { getItem, type Table } from '../table';
import type { AuctionRepository } from './auction-repository';
import type { IdempotencyRepository } from './idempotency-repository';

export function createBidRepository(table: Table, auctions: AuctionRepository, idempotency: IdempotencyRepository): BidStore {
  const TableName = table.name;

  /** The bid transaction: gate check, then the bid write (index 1), then any extra parts. */
  async function guarded(auctionId: string, bidId: string, now: Date, write: TransactItem, extra: TransactItem[], missingBid: GuardedWrite): Promise<GuardedWrite> {
    const out = await transact(table, [auctions.gateCheck(auctionId, bidId, now), write, ...extra]);
    if (out.ok) return 'ok';
    return missingBidOutcome(out.reasons, missingBid) ?? auctions.guardOutcome(auctionId, now, out.reasons);
  }

  /** A linked block's parent, at commit time: there, the same bidder's, a block, not itself linked.
   * In the write's transaction (last part), so a parent deleted or linked a moment before fails it. */
  const parentCheck = (bid: BidRecord): TransactItem | undefined => (bid.type === 'block' && bid.parentId !== undefined ? tx.check(table, {
    Key: itemKeys.bid(bid.auctionId, bid.parentId),
    ConditionExpression: 'attribute_exists(pk) AND bidder = :b AND #bid.#type = :block AND attribute_not_exists(#bid.parentId)',
    ExpressionAttributeNames: { '#bid': 'bid', '#type': 'type' }, ExpressionAttributeValues: { ':b': bid.bidder, ':block': 'block' },
  }) : undefined);

  /** guarded() with the parent check appended: its failure alone is 'parent-changed'. */
  async function linkedWrite(bid: BidRecord, now: Date, write: TransactItem, extra: TransactItem[], missingBid: GuardedWrite): Promise<BidWrite> {
    const check = parentCheck(bid);
    if (!check) return guarded(bid.auctionId, bid.id, now, write, extra, missingBid);
    const parts = [auctions.gateCheck(bid.auctionId, bid.id, now), write, ...extra, check];
    const out = await transact(table, parts);
    if (out.ok) return 'ok';
    const failed = out.reasons.map((r, i) => (r.failed ? i : -1)).filter((i) => i >= 0);
    if (failed.length === 1 && failed[0] === parts.length - 1) return 'parent-changed';
    return missingBidOutcome(out.reasons, missingBid) ?? auctions.guardOutcome(bid.auctionId, now, out.reasons);
  }

  /** A replace or delete whose condition failed on a bid that is not there: not-found. */
  const missingBidOutcome = (reasons: CancelReason[], missingBid: GuardedWrite) =>
    (reasons[1]?.failed && !reasons[1].old ? missingBid : undefined);

  const shardQuery = (auctionId: string, shard: number, start: Record<string, unknown> | undefined, limit?: number) => table.doc.send(new QueryCommand({
    TableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :bid)', ConsistentRead: true,
    ExpressionAttributeValues: { ':p': itemKeys.bidPartition(auctionId, shard), ':bid': 'BID#' }, ExclusiveStartKey: start, Limit: limit,
  }));

  async function listBidderBids(auctionId: string, bidder: string, page: PageRequest): Promise<Page<BidRecord>> {
    const partition = itemKeys.bidderBids(bidder, auctionId);
    const cursor = decodeCursor(page.cursor, (c) => c.s === undefined && keyIs(c.k, GSI1_KEY, { gsi1pk: partition, gsi1sk: /^BID#/ }));
    const out = await table.doc.send(new QueryCommand({
      TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': partition },
      Limit: page.limit, ExclusiveStartKey: cursor?.k,
    }));
    return { items: (out.Items ?? []).map((item) => bidCodec.decode(item)), nextCursor: pageCursor(out.LastEvaluatedKey) };
  }

  /** All bids of an auction: the shards in order, each in bid-id order. */
  async function listAllBids(auctionId: string, page: PageRequest): Promise<Page<BidRecord>> {
    const cursor = decodeCursor(page.cursor, (c) => c.s !== undefined && c.s < BID_SHARDS
      && (c.k === undefined || keyIs(c.k, TABLE_KEY, { pk: itemKeys.bidPartition(auctionId, c.s), sk: /^BID#/ })));
    const items: BidRecord[] = [];
    let shard = cursor?.s ?? 0;
    let start: Record<string, unknown> | undefined = cursor?.k;
    while (shard < BID_SHARDS) {
      const out = await shardQuery(auctionId, shard, start, page.limit - items.length);
      for (const item of out.Items ?? []) items.push(bidCodec.decode(item));
      if (out.LastEvaluatedKey) {
        if (items.length >= page.limit) return { items, nextCursor: pageCursor(out.LastEvaluatedKey, shard) };
        start = out.LastEvaluatedKey;
        continue;
      }
      shard++;
      start = undefined;
      if (items.length >= page.limit) return { items, nextCursor: shard < BID_SHARDS ? encodeCursor({ s: shard }) : undefined };
    }
    return { items };
  }

  return {
    async createBid(bid, now, completion?: IdempotencyCompletion) {
      return linkedWrite(bid, now,
        tx.put(table, { Item: bidCodec.encode(bid), ConditionExpression: 'attribute_not_exists(pk)' }),
        completion ? [idempotency.completion(completion)] : [], 'conflict');
    },
    async getBid(auctionId, bidId) {
      const item = await getItem(table, itemKeys.bid(auctionId, bidId));
      return item ? bidCodec.decode(item) : undefined;
    },
    async replaceBid(bid, previousUpdatedAt, now) {
      return linkedWrite(bid, now, tx.put(table, {
        Item: bidCodec.encode(bid),
        ConditionExpression: 'attribute_exists(pk) AND bidder = :b AND updatedAt = :prev',
        ExpressionAttributeValues: { ':b': bid.bidder, ':prev': previousUpdatedAt },
      }), [], 'not-found');
    },
    async deleteBid(auctionId, bidId, bidder, now) {
      return guarded(auctionId, bidId, now, tx.delete(table, {
        Key: itemKeys.bid(auctionId, bidId), ConditionExpression: 'attribute_exists(pk) AND bidder = :b', ExpressionAttributeValues: { ':b': bidder },
      }), [], 'not-found');
    },
    async readAllBids(auctionId) {
      const shards = await Promise.all(Array.from({ length: BID_SHARDS }, async (_, shard) => {
        const bids: BidRecord[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const out = await shardQuery(auctionId, shard, start);
          for (const item of out.Items ?? []) bids.push(bidCodec.decode(item));
          start = out.LastEvaluatedKey;
        } while (start);
        return bids;
      }));
      return shards.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async childrenOf(auctionId, bidder, parentId) {
      const ids: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(new QueryCommand({
          TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', FilterExpression: '#bid.parentId = :parent',
          ExpressionAttributeNames: { '#bid': 'bid' }, ExpressionAttributeValues: { ':p': itemKeys.bidderBids(bidder, auctionId), ':parent': parentId },
          ExclusiveStartKey: start,
        }));
        for (const item of out.Items ?? []) ids.push(bidCodec.decode(item).id);
        start = out.LastEvaluatedKey;
      } while (start);
      return ids.sort();
    },
    async listBids(auctionId, bidder, page) {
      return bidder === undefined ? listAllBids(auctionId, page) : listBidderBids(auctionId, bidder, page);
    },
  };
}
