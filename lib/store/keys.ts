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
  /** A secret's item (hash → keyId); before rotation existed, the whole key lived here. */
  key: (keyHash: string) => ({ pk: `KEY#${keyHash}`, sk: 'KEY' }),
  /** The key itself (what it grants, its current and replaced secrets' hashes), by keyId. */
  keyIdentity: (keyId: string) => ({ pk: `KEYID#${keyId}`, sk: 'KEY' }),
  /** gsi1 partition of every key (gsi1sk = keyId): GET /v1/keys (and keyId → hash for keys
   * stored before rotation existed). */
  keyList: () => 'KEYS',
  /** A dashboard session ended by sign-out (expires by TTL with the session). */
  endedSession: (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'ENDED' }),
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

/** Lifecycle items (docs/table-design.md § Lifecycle): books, results, curtailments, notices. */
export const lifecycleKeys = {
  /** Manifest of a stored book (bytes, sha256, chunk count); its chunks live in `bookChunks`. */
  book: (auctionId: string, inputDigest: string) => ({ pk: `AUCTION#${auctionId}`, sk: `BOOK#${inputDigest}` }),
  bookChunks: (auctionId: string, inputDigest: string) => `AUCTION#${auctionId}#BOOK#${inputDigest}`,
  /** Result chunks under (inputDigest, sha256 of the result bytes): two different results never mix. */
  resultChunks: (auctionId: string, inputDigest: string, resultSha256: string) => `AUCTION#${auctionId}#RESULT#${inputDigest}#${resultSha256}`,
  /** Per-bidder index of a result (where each bidder's bids sit in its bytes): a head, then shards. */
  resultIndexHead: (auctionId: string, inputDigest: string, resultSha256: string) => `${lifecycleKeys.resultChunks(auctionId, inputDigest, resultSha256)}#HEAD`,
  resultIndexShard: (auctionId: string, inputDigest: string, resultSha256: string, shard: number) => `${lifecycleKeys.resultChunks(auctionId, inputDigest, resultSha256)}#INDEX#${pad2(shard)}`,
  /** What a curtailment reads of the book and result, gzip (repositories/curtailment-inputs.ts). */
  curtailmentBase: (auctionId: string, inputDigest: string, resultSha256: string) => `${lifecycleKeys.resultChunks(auctionId, inputDigest, resultSha256)}#CURTAILBASE`,
  /** The commit item of curtailment v; the record's bytes are chunked under `curtailmentChunks`. */
  curtailment: (auctionId: string, version: number) => ({ pk: `AUCTION#${auctionId}`, sk: `CURTAIL#${String(version).padStart(6, '0')}` }),
  curtailmentChunks: (auctionId: string, version: number, sha256: string) => `AUCTION#${auctionId}#CURTAIL#${String(version).padStart(6, '0')}#${sha256}`,
  /** Curtailment v's dispatch delta alone (a copy of the record's, named by its own sha256): what a rebuild reads. */
  curtailmentDispatch: (auctionId: string, version: number, sha256: string) => `AUCTION#${auctionId}#CURTAIL#${String(version).padStart(6, '0')}#DISPATCH#${sha256}`,
  chunk: (index: number) => `CHUNK#${String(index).padStart(6, '0')}`,
  /** gsi1 partition of curtailments whose notices are not fanned out yet (sparse). */
  fanOutPending: () => 'FANOUT#PENDING',
  /** One bidder's notices feed, sk = `<noticeTime>#<eventId>`. */
  events: (bidderId: string) => `EVENTS#${bidderId}`,
  /** Notice time first; within one second, the auction and the curtailment version keep commit order. */
  eventSortKey: (n: { noticeTime: string; auctionId: string; curtailmentVersion: number }) => `${n.noticeTime}#${n.auctionId}#${String(n.curtailmentVersion).padStart(6, '0')}`,
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
  /** gsi1 partition of pending outbox entries, gsi1sk = `<nextAttemptAt ISO>#<id>` (sparse). */
  outboxDue: () => 'OUTBOX#DUE',
  webhook: (bidderId: string) => ({ pk: `WEBHOOK#${bidderId}`, sk: 'WEBHOOK' }),
};

/** Meter readings (docs/table-design.md § Meter readings): one partition per auction. */
export const meterKeys = {
  partition: (auctionId: string) => `AUCTION#${auctionId}#METER`,
  reading: (auctionId: string, bidId: string, interval: number) => ({ pk: meterKeys.partition(auctionId), sk: `READING#${bidId}#${String(interval).padStart(3, '0')}` }),
  version: (auctionId: string) => ({ pk: meterKeys.partition(auctionId), sk: 'VERSION' }),
};

/** OpenADR 3 subscriptions (docs/table-design.md § OpenADR subscriptions): one partition per bidder. */
export const subscriptionKeys = {
  partition: (bidderId: string) => `OADRSUB#${bidderId}`,
  /** gsi1 partition of every subscription (gsi1sk `<bidderId>#<id>`): who to notify of a new result. */
  all: () => 'OADRSUBS',
  subscription: (bidderId: string, id: string) => ({ pk: subscriptionKeys.partition(bidderId), sk: `SUB#${id}` }),
};
