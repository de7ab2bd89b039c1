// Owns the bid items (16 shard partitions per auction). Every write is one transaction with the
// gate check on the bid's shard gate copy (built by the auction repository) at index 0; a failed
// transaction is explained from the old images DynamoDB returns, not by re-reading. A change or
// cancel reads the bid first only to learn which parent it leaves (its updatedAt in the write's
// condition makes that read authoritative); links are counted on parents (bid-link-parts.ts).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BidRecord, BidStore, BidWrite, GuardedWrite, IdempotencyCompletion, Page, PageRequest } from '../../market/ports';
import { transact, tx, type CancelReason, type TransactItem } from '../conditional-write';
import { decodeCursor, encodeCursor, GSI1_KEY, keyIs, pageCursor, TABLE_KEY } from '../cursor';
import { BID_SHARDS, itemKeys } from '../keys';
import { bidCodec } from '../items/bid-item';
import { getItem, type Table } from '../table';
import type { AuctionRepository } from './auction-repository';
import type { IdempotencyRepository } from './idempotency-repository';
import { checkParent, childrenCount, countChild, NO_CHILDREN, parentOf, uncountChild } from './bid-link-parts';

export function createBidRepository(table: Table, auctions: AuctionRepository, idempotency: IdempotencyRepository): BidStore {
  const TableName = table.name;

  /**
   * A bid write with the parts that keep its links counted (bid-link-parts.ts): the gate check,
   * the write (index 1), the idempotency completion, then the link parts. A failure of the part
   * that counts or checks the new parent is 'parent-changed'; of the write (which then required
   * no children, at the updatedAt `childless`), on an item that counts some, 'has-children'.
   */
  async function linkedWrite(bid: { auctionId: string; id: string }, now: Date, write: TransactItem, extra: TransactItem[], links: { parent?: TransactItem | undefined; others: TransactItem[]; childless?: string | undefined }, missingBid: GuardedWrite): Promise<BidWrite> {
    const parts = [auctions.gateCheck(bid.auctionId, bid.id, now), write, ...extra, ...links.others, ...(links.parent ? [links.parent] : [])];
    const out = await transact(table, parts);
    if (out.ok) return 'ok';
    const failed = out.reasons.flatMap((r, i) => (r.failed ? [i] : []));
    if (links.parent && failed.length === 1 && failed[0] === parts.length - 1) return 'parent-changed';
    const own = out.reasons[1];
    // `childless`: the updatedAt the write expected while requiring no children; the old image tells which condition failed.
    if (links.childless !== undefined && failed.length === 1 && own?.failed && own.old?.updatedAt === links.childless && childrenCount(own.old) > 0) return 'has-children';
    return missingBidOutcome(out.reasons, missingBid) ?? auctions.guardOutcome(bid.auctionId, now, out.reasons);
  }

  /** The stored bid, and whether an item is stored under a bid id (consistent reads). */
  const readBid = async (auctionId: string, bidId: string) => {
    const item = await getItem(table, itemKeys.bid(auctionId, bidId));
    return item ? bidCodec.decode(item) : undefined;
  };
  const exists = async (auctionId: string, bidId: string) => (await getItem(table, itemKeys.bid(auctionId, bidId))) !== undefined;

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
      const parentId = parentOf(bid);
      // Two parts on one item are refused by DynamoDB: a block that names itself has no parent.
      if (parentId === bid.id) return 'parent-changed';
      return linkedWrite(bid, now,
        tx.put(table, { Item: bidCodec.encode(bid), ConditionExpression: 'attribute_not_exists(pk)' }),
        completion ? [idempotency.completion(completion)] : [], { parent: parentId ? countChild(table, bid, parentId) : undefined, others: [] }, 'conflict');
    },
    async getBid(auctionId, bidId) {
      const item = await getItem(table, itemKeys.bid(auctionId, bidId));
      return item ? bidCodec.decode(item) : undefined;
    },
    async replaceBid(bid, previousUpdatedAt, now) {
      const parentId = parentOf(bid);
      if (parentId === bid.id) return 'parent-changed';
      const current = await readBid(bid.auctionId, bid.id);
      const before = current ? parentOf(current) : undefined;
      // An update, not a put: the item's children count stays. A block that gets a parent must count none.
      const { pk: _pk, sk: _sk, ...attributes } = bidCodec.encode(bid);
      const names = Object.fromEntries(Object.keys(attributes).map((k, i) => [`#a${i}`, k]));
      const values = Object.fromEntries(Object.values(attributes).map((v, i) => [`:a${i}`, v]));
      const write = tx.update(table, {
        Key: itemKeys.bid(bid.auctionId, bid.id),
        UpdateExpression: `SET ${Object.keys(attributes).map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND bidder = :b AND updatedAt = :prev${parentId ? ` AND ${NO_CHILDREN}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':b': bid.bidder, ':prev': previousUpdatedAt, ...(parentId ? { ':zero': 0 } : {}) },
      });
      const parent = parentId === undefined ? undefined : parentId === before ? checkParent(table, bid, parentId) : countChild(table, bid, parentId);
      // The old parent is uncounted only if it is there (a link a race left dangling has none to uncount).
      const leaves = before !== undefined && before !== parentId && await exists(bid.auctionId, before);
      return linkedWrite(bid, now, write, [], { parent, others: leaves ? [uncountChild(table, bid.auctionId, before)] : [], childless: parentId ? previousUpdatedAt : undefined }, 'not-found');
    },
    async deleteBid(auctionId, bidId, bidder, now) {
      const current = await readBid(auctionId, bidId);
      const before = current ? parentOf(current) : undefined;
      const leaves = before !== undefined && await exists(auctionId, before);
      // updatedAt as read: the parent uncounted is the one the bid names at the delete.
      const write = tx.delete(table, {
        Key: itemKeys.bid(auctionId, bidId),
        ConditionExpression: `attribute_exists(pk) AND bidder = :b AND ${NO_CHILDREN}${current ? ' AND updatedAt = :u' : ''}`,
        ExpressionAttributeValues: { ':b': bidder, ':zero': 0, ...(current ? { ':u': current.updatedAt } : {}) },
      });
      const outcome = await linkedWrite({ auctionId, id: bidId }, now, write, [],
        { others: leaves ? [uncountChild(table, auctionId, before)] : [], childless: current?.updatedAt }, 'not-found');
      return outcome === 'parent-changed' ? 'conflict' : outcome;
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
