// BatchWriteItem in groups of 25, retrying UnprocessedItems with exponential backoff and jitter
// (DynamoDB returns them under throttling instead of failing the call). Gives up with an error
// after `maxAttempts` rounds so a caller never believes a partial write succeeded.
import { BatchWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../kernel/map-limit';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export interface BatchRetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** BatchWrite calls in flight (default 4). */
  concurrency?: number;
}

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  constructor(readonly remaining: number, attempts: number) {
    super(`${remaining} items still unprocessed after ${attempts} BatchWrite attempts`);
  }
}

export const BATCH_SIZE = 25;

export async function batchWriteAll(
  doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, requests: readonly WriteRequest[], options: BatchRetryOptions = {},
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const groups: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) groups.push(requests.slice(i, i + BATCH_SIZE));
  // A few groups in flight: large blobs and fan-outs are hundreds of groups.
  await mapLimit(groups, options.concurrency ?? 4, async (group) => {
    let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = group;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(pending.length, attempt);
      // "Full jitter" backoff: a random delay up to the capped exponential step.
      await sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1))));
    }
  });
}
