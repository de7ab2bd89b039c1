import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { TABLE_DESIGN } from '../../lib/store/table-design';
import { ensureTable } from '../../lib/store/create-table';

describe('the broker table on DynamoDB Local', () => {
  let table: TestTable;
  beforeAll(async () => { table = await createTestTable('setup'); });
  afterAll(async () => { await table.drop(); });

  it('is created from the shared table design, with TTL on', async () => {
    const described = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ]);
    expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(TABLE_DESIGN.globalIndexes.map((i) => i.indexName));
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TABLE_DESIGN.ttlAttribute);
  });

  it('ensureTable is idempotent and keeps the data', async () => {
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'a', sk: 'b', v: 1 } }));
    await ensureTable(table.client, table.tableName);
    const got = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'a', sk: 'b' } }));
    expect(got.Item?.v).toBe(1);
  });
});
