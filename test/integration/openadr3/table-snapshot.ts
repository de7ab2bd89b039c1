// The whole test table as one string, to assert that a refused request stored nothing. Key items
// are left out: issuing a token records the key's use (lastUsedAt), which is not the request's write.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from '../../support/dynamodb';

export async function tableSnapshot(table: TestTable): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const kept = items.filter((i) => i.type !== 'key' && i.type !== 'key-identity' && i.type !== 'key-secret');
  return JSON.stringify(kept.map((i) => [`${String(i.pk)} ${String(i.sk)}`, i]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
}
