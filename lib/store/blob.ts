// Values larger than a DynamoDB item (400 KB): books, results, curtailment records. Stored as
// binary chunks in their own partition (sk CHUNK#000000…), written with BatchWrite. A blob is
// immutable once written and named by what it contains, so rewriting it after a crash writes
// the same bytes; readers find it only through a pointer written after all its chunks.
import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type BatchRetryOptions } from './batch-write';
import { lifecycleKeys } from './keys';

/** Below the item limit with room for keys and attribute names. */
export const DEFAULT_CHUNK_BYTES = 350_000;

export interface BlobRef { bytes: number; sha256: string }

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function writeBlob(
  doc: DynamoDBDocumentClient, tableName: string, pk: string, text: string,
  options: { chunkBytes?: number; retry?: BatchRetryOptions } = {},
): Promise<BlobRef> {
  const data = Buffer.from(text, 'utf8');
  const size = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const requests = [];
  for (let i = 0, n = 0; i < Math.max(1, data.length); i += size, n++) {
    requests.push({ PutRequest: { Item: { pk, sk: lifecycleKeys.chunk(n), type: 'chunk', data: data.subarray(i, i + size) } } });
  }
  await batchWriteAll(doc, tableName, requests, options.retry);
  return { bytes: data.length, sha256: sha256Hex(data) };
}

/** The blob's text, or undefined when its chunks are missing or do not match the reference. */
export async function readBlob(doc: DynamoDBDocumentClient, tableName: string, pk: string, ref: BlobRef): Promise<string | undefined> {
  const parts: Uint8Array[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({
      TableName: tableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)', ConsistentRead: true,
      ExpressionAttributeValues: { ':p': pk, ':c': 'CHUNK#' }, ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) parts.push(item.data as Uint8Array);
    start = out.LastEvaluatedKey;
  } while (start);
  const data = Buffer.concat(parts);
  if (data.length !== ref.bytes || sha256Hex(data) !== ref.sha256) return undefined;
  return data.toString('utf8');
}
