// Orphaned chunk sets (issue 9): every blob write first puts a marker (items/blob-marker-item.ts);
// the clearing tick sweeps markers older than an hour. A marker whose blob a pointer references
// is dropped; a blob no pointer can ever reference again is deleted with its marker; anything
// still undecided (an auction not yet published, e.g. failed and awaiting a retry) is re-stamped
// and looked at again later. "Never again" is decided only on terminal facts — an auction
// published with another book or result, a curtailment version committed with other bytes (or
// not committed an hour later: a retry writes a record with a new time, hence new bytes) — so a
// sweep can never delete what a later run would publish.
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuctionStatus } from '../../../schemas/lifecycle';
import { batchWriteAll, type WriteRequest } from '../batch-write';
import { blobMarkerCodec, blobsPendingPartition, BLOB_MARKER_SK, type BlobMarker, type BlobOwner } from '../items/blob-marker-item';
import { curtailmentCodec } from '../items/curtailment-item';
import { lifecycleKeys } from '../keys';
import { getItem, type Table } from '../table';
import type { AuctionRepository } from './auction-repository';
import { RESULT_INDEX_SHARDS } from './result-index';

const PUBLISHED: readonly AuctionStatus[] = ['cleared', 'delivering', 'settled'];

export interface SweepSummary { removed: number; referenced: number; undecided: number }

/** Put before a blob's chunks: if no pointer ever references them, the sweep finds them. */
export async function markBlob(table: Table, blobPk: string, owner: BlobOwner): Promise<void> {
  const marker: BlobMarker = { blobPk, writtenAt: table.clock.now().toISOString(), owner };
  await table.doc.send(new PutCommand({ TableName: table.name, Item: blobMarkerCodec.encode(marker) }));
}

type Verdict = 'referenced' | 'orphaned' | 'undecided';

export function createBlobSweeper(table: Table, auctions: Pick<AuctionRepository, 'getStored'>) {
  async function verdict(owner: BlobOwner): Promise<Verdict> {
    if (owner.kind === 'curtailment') {
      const item = await getItem(table, lifecycleKeys.curtailment(owner.auctionId, owner.version));
      if (!item) return 'orphaned';
      return curtailmentCodec.decode(item).sha256 === owner.sha256 ? 'referenced' : 'orphaned';
    }
    const stored = await auctions.getStored(owner.auctionId);
    if (!stored) return 'orphaned';
    const { status, clearing } = stored.lifecycle;
    if (!PUBLISHED.includes(status)) return 'undecided';
    const sameBook = clearing?.inputDigest === owner.inputDigest;
    if (owner.kind === 'book') return sameBook ? 'referenced' : 'orphaned';
    return sameBook && clearing?.resultSha256 === owner.resultSha256 ? 'referenced' : 'orphaned';
  }

  /** Every partition a blob of this owner writes (a result also has its per-bidder index). */
  function partitions(marker: BlobMarker): string[] {
    const o = marker.owner;
    if (o.kind !== 'result') return [marker.blobPk];
    return [marker.blobPk, lifecycleKeys.resultIndexHead(o.auctionId, o.inputDigest, o.resultSha256), lifecycleKeys.curtailmentBase(o.auctionId, o.inputDigest, o.resultSha256),
      ...Array.from({ length: RESULT_INDEX_SHARDS }, (_, n) => lifecycleKeys.resultIndexShard(o.auctionId, o.inputDigest, o.resultSha256, n))];
  }

  async function deleteChunks(pk: string): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ProjectionExpression: 'pk, sk',
        ExpressionAttributeValues: { ':p': pk, ':c': 'CHUNK#' }, ExclusiveStartKey: start,
      }));
      const requests: WriteRequest[] = (out.Items ?? []).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
      if (requests.length > 0) await batchWriteAll(table.doc, table.name, requests);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** Removes the marker only if no newer write re-marked the blob meanwhile. */
  async function dropMarker(marker: BlobMarker): Promise<boolean> {
    try {
      await table.doc.send(new DeleteCommand({
        TableName: table.name, Key: { pk: marker.blobPk, sk: BLOB_MARKER_SK },
        ConditionExpression: 'writtenAt = :w', ExpressionAttributeValues: { ':w': marker.writtenAt },
      }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  return {
    /** Markers written before `olderThan`, at most `limit` of them. */
    async sweep(olderThan: Date, limit: number): Promise<SweepSummary> {
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :t',
        ExpressionAttributeValues: { ':p': blobsPendingPartition(), ':t': olderThan.toISOString() }, Limit: limit,
      }));
      const summary: SweepSummary = { removed: 0, referenced: 0, undecided: 0 };
      for (const item of out.Items ?? []) {
        const marker = blobMarkerCodec.decode(item);
        const v = await verdict(marker.owner);
        if (v === 'undecided') {
          // Re-stamped, so the oldest undecided markers do not hide the others from the next sweep.
          if (await dropMarker(marker)) await markBlob(table, marker.blobPk, marker.owner);
          summary.undecided++;
        } else if (v === 'referenced') {
          await dropMarker(marker);
          summary.referenced++;
        } else {
          // Chunks first, marker last: a crash in between leaves the marker for the next sweep.
          for (const pk of partitions(marker)) await deleteChunks(pk);
          await dropMarker(marker);
          summary.removed++;
        }
      }
      return summary;
    },
  };
}
