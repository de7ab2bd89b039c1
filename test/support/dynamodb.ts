// A fresh table on the run's DynamoDB Local for one test file. Refuses any endpoint that is not
// on this machine, so a test can never touch a real AWS account.
import { inject } from 'vitest';
import { DynamoDBClient, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../lib/store/dynamodb-client';
import { ensureTable } from '../../lib/store/create-table';

export interface TestTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  drop(): Promise<void>;
}

export function localEndpoint(): string {
  const endpoint = inject('dynamodbEndpoint');
  const host = new URL(endpoint).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`refusing non-local DynamoDB endpoint ${endpoint}`);
  return endpoint;
}

export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = localEndpoint();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const doc = createDocumentClient({ endpoint, region: 'local' });
  const raw = new DynamoDBClient({ endpoint, region: 'local' });
  await ensureTable(raw, tableName);
  return {
    endpoint,
    tableName,
    client: raw,
    doc,
    async drop() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      raw.destroy();
      doc.destroy();
    },
  };
}
