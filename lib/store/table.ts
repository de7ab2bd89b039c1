// The one table every repository works on: its document client, its name and the clock that
// stamps store-side times (TTL, defaults). Consistent single-item reads live here too.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../kernel/ports';

export type Item = Record<string, unknown>;
export interface ItemKey { pk: string; sk: string }

export interface Table {
  doc: DynamoDBDocumentClient;
  name: string;
  clock: Clock;
}

export const systemClock: Clock = { now: () => new Date() };

export function tableOf(doc: DynamoDBDocumentClient, name: string, clock: Clock = systemClock): Table {
  return { doc, name, clock };
}

export async function getItem(table: Table, key: ItemKey): Promise<Item | undefined> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
  return out.Item;
}
