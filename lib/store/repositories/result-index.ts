// The per-bidder index of a published result, so that one bidder's GET …/result reads a few
// small items instead of the whole file (a national result is 4 MB, a stress one 40 MB). Written
// beside the result's chunks when the result is saved: shards (bidder → byte ranges of its bids in
// the result bytes, and its paradoxically rejected ids), then the head (the result without bids,
// the chunk size, the shards' references). The head is written last: a head means a whole index.
// Beside it, the curtailment base: the lean book and result a curtailment reads, gzip (~1 MB for a
// national auction instead of 9 MB of book and result: the cold answer reads a tenth).
import { z } from 'zod';
import { ResultSchema } from '../../../schemas/result';
import { batchWriteAll } from '../batch-write';
import { blobWrites, readBlob, readBlobBytes, readBlobText, readChunksByIndex, DEFAULT_CHUNK_BYTES, type BlobOptions } from '../blob';
import { decodeCurtailmentBase, encodeCurtailmentBase, type CurtailmentBase } from './curtailment-inputs';
import { BlobRefSchema } from '../items/book-item';
import { objectSpansOfArray } from '../json-spans';
import { lifecycleKeys } from '../keys';
import type { Table } from '../table';
import type { ResultKey } from '../../lifecycle/ports';

export const RESULT_INDEX_SHARDS = 64;
const SHARDS = RESULT_INDEX_SHARDS;

/** Only what the index needs of the book: which bidder placed each bid. */
const BookBiddersSchema = z.object({ bids: z.array(z.object({ id: z.string(), bidder: z.string() })) });
const ShardSchema = z.record(z.string(), z.strictObject({ r: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])), p: z.array(z.string()) }));
const HeadSchema = z.strictObject({
  chunkBytes: z.number().int().min(1),
  result: ResultSchema.omit({ bids: true, paradoxicallyRejected: true }),
  shards: z.record(z.string(), BlobRefSchema),
  /** Absent on indexes written before it existed: the curtailment then reads the book and result. */
  curtailmentBase: BlobRefSchema.optional(),
});

function shardOf(bidderId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bidderId.length; i++) hash = Math.imul(hash ^ bidderId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}

export async function writeResultIndex(table: Table, auctionId: string, key: ResultKey, resultJson: string, bookJson: string, options: BlobOptions = {}): Promise<void> {
  const data = Buffer.from(resultJson, 'utf8');
  const result = ResultSchema.parse(JSON.parse(resultJson));
  const bidderOf = new Map(BookBiddersSchema.parse(JSON.parse(bookJson)).bids.map((b) => [b.id, b.bidder]));
  const spans = objectSpansOfArray(data, 'bids');
  if (!spans || spans.length !== result.bids.length) throw new Error(`result of auction ${auctionId}: ${spans?.length ?? 0} bid spans for ${result.bids.length} bids`);

  const shards = Array.from({ length: SHARDS }, () => new Map<string, { r: [number, number][]; p: string[] }>());
  const entry = (bidder: string) => {
    const shard = shards[shardOf(bidder)];
    if (!shard) throw new Error('shard out of range');
    let e = shard.get(bidder);
    if (!e) shard.set(bidder, (e = { r: [], p: [] }));
    return e;
  };
  let previous: string | undefined;
  result.bids.forEach((bid, i) => {
    const bidder = bidderOf.get(bid.id);
    const span = spans[i];
    if (bidder === undefined || !span) throw new Error(`result bid ${bid.id} is not in the book`);
    const ranges = entry(bidder).r;
    const last = ranges[ranges.length - 1];
    // Neighbouring bids of one bidder become one range: "{…},\n    {…}" is still a list's inside.
    if (last && previous === bidder) last[1] = span[1]; else ranges.push([span[0], span[1]]);
    previous = bidder;
  });
  for (const id of result.paradoxicallyRejected) {
    const bidder = bidderOf.get(id);
    if (bidder !== undefined) entry(bidder).p.push(id);
  }

  const requests = [];
  const refs: Record<string, z.infer<typeof BlobRefSchema>> = {};
  for (const [n, shard] of shards.entries()) {
    if (shard.size === 0) continue;
    const w = blobWrites(lifecycleKeys.resultIndexShard(auctionId, key.inputDigest, key.resultSha256, n), JSON.stringify(Object.fromEntries(shard)), options.chunkBytes);
    requests.push(...w.requests);
    refs[String(n)] = w.ref;
  }
  const base = blobWrites(lifecycleKeys.curtailmentBase(auctionId, key.inputDigest, key.resultSha256), encodeCurtailmentBase(bookJson, resultJson), options.chunkBytes);
  requests.push(...base.requests);
  await batchWriteAll(table.doc, table.name, requests, options.retry);
  const { bids: _bids, paradoxicallyRejected: _p, ...head } = result;
  const headJson = JSON.stringify({ chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES, result: head, shards: refs, curtailmentBase: base.ref } satisfies z.input<typeof HeadSchema>);
  await batchWriteAll(table.doc, table.name, blobWrites(lifecycleKeys.resultIndexHead(auctionId, key.inputDigest, key.resultSha256), headJson, options.chunkBytes).requests, options.retry);
}

/** The curtailment base of a published result (checked against the head's reference); undefined when the index has none. */
export async function readCurtailmentBase(table: Table, auctionId: string, key: ResultKey): Promise<CurtailmentBase | undefined> {
  const headText = await readBlobText(table, lifecycleKeys.resultIndexHead(auctionId, key.inputDigest, key.resultSha256));
  const ref = headText === undefined ? undefined : HeadSchema.parse(JSON.parse(headText)).curtailmentBase;
  if (!ref) return undefined;
  const data = await readBlobBytes(table, lifecycleKeys.curtailmentBase(auctionId, key.inputDigest, key.resultSha256), ref);
  if (data === undefined) throw new Error(`curtailment base of auction ${auctionId} is incomplete`);
  return decodeCurtailmentBase(data);
}

/** The published result without its bids (intervals, welfare, bound): one small read; undefined when unindexed. */
export async function readResultHead(table: Table, auctionId: string, key: ResultKey): Promise<unknown> {
  const headText = await readBlobText(table, lifecycleKeys.resultIndexHead(auctionId, key.inputDigest, key.resultSha256));
  return headText === undefined ? undefined : HeadSchema.parse(JSON.parse(headText)).result;
}

/** One bidder's part of a published result; undefined when the result has no index (published before it existed). */
export async function readBidderResult(table: Table, auctionId: string, key: ResultKey, bidderId: string): Promise<{ head: unknown; bids: unknown[]; paradoxicallyRejected: string[] } | undefined> {
  const headText = await readBlobText(table, lifecycleKeys.resultIndexHead(auctionId, key.inputDigest, key.resultSha256));
  if (headText === undefined) return undefined;
  const head = HeadSchema.parse(JSON.parse(headText));
  const n = shardOf(bidderId);
  const ref = head.shards[String(n)];
  const shardText = ref && await readBlob(table, lifecycleKeys.resultIndexShard(auctionId, key.inputDigest, key.resultSha256, n), ref);
  if (ref && shardText === undefined) throw new Error(`result index shard ${n} of auction ${auctionId} is incomplete`);
  const own = shardText === undefined ? undefined : ShardSchema.parse(JSON.parse(shardText))[bidderId];
  if (!own) return { head: head.result, bids: [], paradoxicallyRejected: [] };

  const size = head.chunkBytes;
  const indexes = own.r.flatMap(([s, e]) => Array.from({ length: Math.floor((e - 1) / size) - Math.floor(s / size) + 1 }, (_, k) => Math.floor(s / size) + k));
  const chunks = await readChunksByIndex(table, lifecycleKeys.resultChunks(auctionId, key.inputDigest, key.resultSha256), indexes);
  const texts = own.r.map(([s, e]) => {
    const parts: Uint8Array[] = [];
    for (let c = Math.floor(s / size); c * size < e; c++) {
      const chunk = chunks.get(c);
      if (!chunk) throw new Error(`result chunk ${c} of auction ${auctionId} is missing`);
      parts.push(chunk.subarray(Math.max(0, s - c * size), Math.min(size, e - c * size)));
    }
    return Buffer.concat(parts).toString('utf8');
  });
  const bids: unknown = JSON.parse(`[${texts.join(',')}]`);
  return { head: head.result, bids: z.array(z.unknown()).parse(bids), paradoxicallyRejected: own.p };
}
