// Values larger than a DynamoDB item (400 KB): books, results, curtailment records. Stored as
// binary chunks in their own partition (sk CHUNK#000000…), written with BatchWrite. A blob is
// immutable once written and named by what it contains, so rewriting it after a crash writes
// the same bytes; readers find it only through a pointer written after all its chunks.
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type BatchRetryOptions } from './batch-write';
import { chunkCodec } from './items/chunk-item';
import type { BlobRef } from './items/book-item';
import type { Table } from './table';

export type { BlobRef };

/** Below the item limit with room for keys and attribute names. */
export const DEFAULT_CHUNK_BYTES = 350_000;

export interface BlobOptions { chunkBytes?: number | undefined; retry?: BatchRetryOptions | undefined }

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function writeBlob(table: Table, blobPk: string, text: string, options: BlobOptions = {}): Promise<BlobRef> {
  const data = Buffer.from(text, 'utf8');
  const size = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const requests = [];
  for (let i = 0, n = 0; i < Math.max(1, data.length); i += size, n++) {
    requests.push({ PutRequest: { Item: chunkCodec.encode({ blobPk, index: n, data: data.subarray(i, i + size) }) } });
  }
  await batchWriteAll(table.doc, table.name, requests, options.retry);
  return { bytes: data.length, sha256: sha256Hex(data) };
}

/** The blob's text, or undefined when its chunks are missing or do not match the reference. */
export async function readBlob(table: Table, blobPk: string, ref: BlobRef): Promise<string | undefined> {
  const parts: Uint8Array[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new QueryCommand({
      TableName: table.name, KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ConsistentRead: true,
      ExpressionAttributeValues: { ':p': blobPk, ':c': 'CHUNK#' }, ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) parts.push(chunkCodec.decode(item));
    start = out.LastEvaluatedKey;
  } while (start);
  const data = Buffer.concat(parts);
  if (data.length !== ref.bytes || sha256Hex(data) !== ref.sha256) return undefined;
  return data.toString('utf8');
}
