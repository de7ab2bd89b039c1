// Values larger than a DynamoDB item (400 KB): books, results, curtailment records. Stored as
// binary chunks in their own partition (sk CHUNK#000000…), written with BatchWrite. A blob is
// immutable once written and named by what it contains, so rewriting it after a crash writes
// the same bytes; readers find it only through a pointer written after all its chunks.
import { createHash } from 'node:crypto';
import { BatchGetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type BatchRetryOptions, type WriteRequest } from './batch-write';
import { chunkCodec } from './items/chunk-item';
import type { BlobRef } from './items/book-item';
import type { Table } from './table';
import { lifecycleKeys } from './keys';

export type { BlobRef };

/** Below the item limit with room for keys and attribute names. */
export const DEFAULT_CHUNK_BYTES = 350_000;

export interface BlobOptions { chunkBytes?: number | undefined; retry?: BatchRetryOptions | undefined }

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function writeBlob(table: Table, blobPk: string, content: string | Uint8Array, options: BlobOptions = {}): Promise<BlobRef> {
  const { requests, ref } = blobWrites(blobPk, content, options.chunkBytes);
  await batchWriteAll(table.doc, table.name, requests, options.retry);
  return ref;
}

/** The chunk puts of a blob (for callers that write several blobs in one BatchWrite run). */
export function blobWrites(blobPk: string, content: string | Uint8Array, chunkBytes?: number): { requests: WriteRequest[]; ref: BlobRef } {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const size = chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const requests: WriteRequest[] = [];
  for (let i = 0, n = 0; i < Math.max(1, data.length); i += size, n++) {
    requests.push({ PutRequest: { Item: chunkCodec.encode({ blobPk, index: n, data: data.subarray(i, i + size) }) } });
  }
  return { requests, ref: { bytes: data.length, sha256: sha256Hex(data) } };
}

/** A blob's text without a reference to check it against (its reader validates what it parses). */
export async function readBlobText(table: Table, blobPk: string): Promise<string | undefined> {
  const parts = await queryChunks(table, blobPk, 0, 999_999);
  return parts.length === 0 ? undefined : Buffer.concat(parts).toString('utf8');
}

/** The blob's text, or undefined when its chunks are missing or do not match the reference. */
export async function readBlob(table: Table, blobPk: string, ref: BlobRef): Promise<string | undefined> {
  return (await readBlobBytes(table, blobPk, ref))?.toString('utf8');
}

/** The blob's bytes, or undefined when its chunks are missing or do not match the reference. */
export async function readBlobBytes(table: Table, blobPk: string, ref: BlobRef): Promise<Buffer | undefined> {
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
  return data;
}

/** Chunks `from..to` (inclusive, by index) of a blob, in order, through one Query. */
async function queryChunks(table: Table, blobPk: string, from: number, to: number): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new QueryCommand({
      TableName: table.name, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b', ConsistentRead: true,
      ExpressionAttributeValues: { ':p': blobPk, ':a': lifecycleKeys.chunk(from), ':b': lifecycleKeys.chunk(to) }, ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) parts.push(chunkCodec.decode(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return parts;
}

/**
 * Bytes [start, end) of a blob, reading only the chunks that hold them. Every chunk but the last
 * has the same size (writeBlob), so the first chunk tells where the others begin.
 */
export async function readBlobWindow(table: Table, blobPk: string, ref: BlobRef, start: number, end: number): Promise<Uint8Array | undefined> {
  const [first] = await queryChunks(table, blobPk, 0, 0);
  if (!first) return undefined;
  const size = Math.max(1, first.length);
  const from = Math.floor(start / size);
  const to = Math.floor(Math.max(start, end - 1) / size);
  const parts = from === 0 && to === 0 ? [first] : await queryChunks(table, blobPk, from, to);
  if (parts.length !== to - from + 1) return undefined;
  const data = Buffer.concat(parts);
  const offset = from * size;
  if (end > ref.bytes || offset + data.length < end) return undefined;
  return data.subarray(start - offset, end - offset);
}

/** Chunks by index (BatchGetItem, 100 keys a call; unprocessed keys retried): index → bytes. */
export async function readChunksByIndex(table: Table, blobPk: string, indexes: readonly number[]): Promise<Map<number, Uint8Array>> {
  const found = new Map<number, Uint8Array>();
  const wanted = [...new Set(indexes)];
  for (let i = 0; i < wanted.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100).map((n) => ({ pk: blobPk, sk: lifecycleKeys.chunk(n) }));
    for (let round = 0; keys && keys.length > 0; round++) {
      if (round >= 8) throw new Error(`chunks of ${blobPk} still unprocessed after ${round} BatchGet rounds`);
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
      const out: BatchGetCommandOutput = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[table.name] ?? []) {
        const sk = typeof item.sk === 'string' ? item.sk : '';
        found.set(Number(sk.slice('CHUNK#'.length)), chunkCodec.decode(item));
      }
      keys = out.UnprocessedKeys?.[table.name]?.Keys;
    }
  }
  return found;
}
