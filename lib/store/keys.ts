// Key layout of the single table (docs/table-design.md). One place builds every pk/sk.
export const BID_SHARDS = 16;

/** FNV-1a over the bid id: spreads one auction's bids over BID_SHARDS partitions, deterministically. */
export function bidShard(bidId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bidId.length; i++) {
    hash ^= bidId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BID_SHARDS;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export const itemKeys = {
  key: (keyHash: string) => ({ pk: `KEY#${keyHash}`, sk: 'KEY' }),
  auction: (auctionId: string) => ({ pk: `AUCTION#${auctionId}`, sk: 'AUCTION' }),
  auctionList: () => 'AUCTIONS',
  auctionStatus: (status: string) => `STATUS#${status}`,
  forecast: (auctionId: string, version: number) => ({ pk: `AUCTION#${auctionId}`, sk: `FORECAST#${String(version).padStart(6, '0')}` }),
  bidPartition: (auctionId: string, shard: number) => `AUCTION#${auctionId}#BIDS#${pad2(shard)}`,
  /** One copy of the auction's gate (status, gateClosureMs) per bid shard, so bid transactions
   * check the gate in their own partition instead of all contending for the auction item. */
  gate: (auctionId: string, shard: number) => ({ pk: itemKeys.bidPartition(auctionId, shard), sk: 'GATE' }),
  bid: (auctionId: string, bidId: string) => ({ pk: itemKeys.bidPartition(auctionId, bidShard(bidId)), sk: `BID#${bidId}` }),
  bidderBids: (bidder: string, auctionId: string) => `BIDDER#${bidder}#AUCTION#${auctionId}`,
  idempotency: (scopeKey: string) => ({ pk: `IDEM#${scopeKey}`, sk: 'IDEM' }),
};
