// batchWriteAll against DynamoDB Local through a FAULT-INJECTING WRAPPER of the real client that
// plays throttling: each BatchWrite really writes only some of its items and returns the rest
// as UnprocessedItems, as DynamoDB does under load. The helper retries them with backoff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { batchWriteAll, UnprocessedItemsError, type WriteRequest } from '../../../lib/store/batch-write';

let t: TestTable;
beforeAll(async () => { t = await createTestTable('batch'); });
afterAll(async () => { await t.drop(); });

/** Writes at most `accept` items of each BatchWrite for the first `throttledCalls` calls. */
function throttling(doc: DynamoDBDocumentClient, accept: number, throttledCalls: number) {
  let calls = 0;
  return {
    calls: () => calls,
    send: async (command: BatchWriteCommand) => {
      calls++;
      const [table, requests] = Object.entries(command.input.RequestItems!)[0]!;
      const take = calls <= throttledCalls ? Math.min(accept, requests.length) : requests.length;
      if (take > 0) await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests.slice(0, take) } }));
      const rest = requests.slice(take);
      return { UnprocessedItems: rest.length > 0 ? { [table]: rest } : {} };
    },
  };
}

const items = (pk: string, n: number): WriteRequest[] => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk, sk: `ITEM#${String(i).padStart(3, '0')}`, n: i } } }));

async function count(pk: string): Promise<number> {
  const out = await t.doc.send(new QueryCommand({ TableName: t.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': pk }, ConsistentRead: true }));
  return out.Items?.length ?? 0;
}

describe('batchWriteAll', () => {
  it('retries UnprocessedItems with growing, capped, jittered delays until every item is written', async () => {
    const client = throttling(t.doc, 3, 6);
    const delays: number[] = [];
    await batchWriteAll(client as never, t.tableName, items('A', 40), { concurrency: 1, sleep: async (ms) => { delays.push(ms); }, random: () => 0.999, baseDelayMs: 10, maxDelayMs: 50 });
    expect(await count('A')).toBe(40);
    expect(client.calls()).toBeGreaterThan(2); // 25 + 15 items in two groups, each retried
    expect(delays.slice(0, 4)).toEqual([9, 19, 39, 49]); // 10·2^(n−1), capped at 50, × the jitter draw
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
  });

  it('gives up after maxAttempts with an error naming what is left (never a silent partial write)', async () => {
    const client = throttling(t.doc, 1, Infinity);
    const err = await batchWriteAll(client as never, t.tableName, items('B', 10), { sleep: async () => undefined, maxAttempts: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessedItemsError);
    expect((err as UnprocessedItemsError).remaining).toBe(6);
    expect(await count('B')).toBe(4);
  });

  it('writes through the real client unchanged when nothing is throttled', async () => {
    await batchWriteAll(t.doc, t.tableName, items('C', 60));
    expect(await count('C')).toBe(60);
  });
});
