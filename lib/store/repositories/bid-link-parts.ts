// The transaction parts that keep linked blocks (SPEC §1) consistent in the table: every parent
// item counts its children (`children`, a top-level attribute beside the bid, never part of it).
// A child's write counts itself on its parent under the parent's condition (there, same bidder,
// a block, no parentId of its own); a parent is deleted, or given a parent, only while it counts
// none. So a parent deleted while a child is written, or a grandchild, cannot commit: one of the
// two transactions fails its condition (DynamoDB transactions are serializable).
import type { BidRecord } from '../../market/ports';
import { tx, type TransactItem } from '../conditional-write';
import { itemKeys } from '../keys';
import type { Table } from '../table';

/** Condition (with :zero) that the item counts no children. */
export const NO_CHILDREN = '(attribute_not_exists(children) OR children <= :zero)';

const PARENT_CONDITION = 'attribute_exists(pk) AND bidder = :b AND #bid.#type = :block AND attribute_not_exists(#bid.parentId)';
const parentNames = { '#bid': 'bid', '#type': 'type' };

/** The parent a block names, if any (a curve has none). */
export const parentOf = (bid: BidRecord): string | undefined => (bid.type === 'block' ? bid.parentId : undefined);

/** Counts `bid` as a child of its parent, only if the parent may carry it. */
export const countChild = (table: Table, bid: BidRecord, parentId: string): TransactItem => tx.update(table, {
  Key: itemKeys.bid(bid.auctionId, parentId), UpdateExpression: 'ADD children :one', ConditionExpression: PARENT_CONDITION,
  ExpressionAttributeNames: parentNames, ExpressionAttributeValues: { ':one': 1, ':b': bid.bidder, ':block': 'block' },
});

/** Checks, without counting again, that the parent a child keeps still may carry it. */
export const checkParent = (table: Table, bid: BidRecord, parentId: string): TransactItem => tx.check(table, {
  Key: itemKeys.bid(bid.auctionId, parentId), ConditionExpression: PARENT_CONDITION,
  ExpressionAttributeNames: parentNames, ExpressionAttributeValues: { ':b': bid.bidder, ':block': 'block' },
});

/** A child leaves its parent (deleted, or linked elsewhere): one fewer on the parent, which is there. */
export const uncountChild = (table: Table, auctionId: string, parentId: string): TransactItem => tx.update(table, {
  Key: itemKeys.bid(auctionId, parentId), UpdateExpression: 'ADD children :minus', ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeValues: { ':minus': -1 },
});

/** An item's children count from its old image (0 when absent). */
export const childrenCount = (item: Record<string, unknown> | undefined): number =>
  (typeof item?.children === 'number' ? item.children : 0);
