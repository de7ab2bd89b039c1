// Owns the OpenADR subscription items (one partition per bidder).
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredSubscription, SubscriptionStore } from '../../openadr/subscriptions';
import { subscriptionKeys } from '../keys';
import { subscriptionCodec } from '../items/subscription-item';
import { getItem, type Table } from '../table';

/** A bidder's subscriptions are few (a VEN or two): the list is bounded here. */
export const MAX_SUBSCRIPTIONS_PER_BIDDER = 100;

export function createSubscriptionRepository(table: Table): SubscriptionStore {
  return {
    async put(s) {
      await table.doc.send(new PutCommand({ TableName: table.name, Item: subscriptionCodec.encode(s) }));
    },
    async list(bidderId) {
      const out = await table.doc.send(new QueryCommand({
        TableName: table.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': subscriptionKeys.partition(bidderId) },
        ConsistentRead: true, Limit: MAX_SUBSCRIPTIONS_PER_BIDDER,
      }));
      return (out.Items ?? []).map((item): StoredSubscription => subscriptionCodec.decode(item));
    },
    async listAll() {
      const out: StoredSubscription[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(new QueryCommand({
          TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': subscriptionKeys.all() }, ExclusiveStartKey: start,
        }));
        for (const item of page.Items ?? []) out.push(subscriptionCodec.decode(item));
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },
    async get(bidderId, id) {
      const item = await getItem(table, subscriptionKeys.subscription(bidderId, id));
      return item ? subscriptionCodec.decode(item) : undefined;
    },
    async delete(bidderId, id) {
      const out = await table.doc.send(new DeleteCommand({ TableName: table.name, Key: subscriptionKeys.subscription(bidderId, id), ReturnValues: 'ALL_OLD' }));
      return out.Attributes ? subscriptionCodec.decode(out.Attributes) : undefined;
    },
  };
}
