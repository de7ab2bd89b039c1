// Owns the webhook registrations (one per bidder; a new registration replaces the old one).
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookRegistry } from '../../notify/ports';
import { lifecycleKeys } from '../keys';
import { webhookCodec } from '../items/webhook-item';
import { getItem, type Table } from '../table';

export function createWebhookRepository(table: Table): WebhookRegistry {
  return {
    async putWebhook(registration) {
      await table.doc.send(new PutCommand({ TableName: table.name, Item: webhookCodec.encode(registration) }));
    },
    async getWebhook(bidderId) {
      const item = await getItem(table, lifecycleKeys.webhook(bidderId));
      if (!item) return undefined;
      const { secret: _secret, ...shown } = webhookCodec.decode(item);
      return shown;
    },
    async deleteWebhook(bidderId) {
      const out = await table.doc.send(new DeleteCommand({ TableName: table.name, Key: lifecycleKeys.webhook(bidderId), ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    },
    async webhookFor(bidderId) {
      const item = await getItem(table, lifecycleKeys.webhook(bidderId));
      if (!item) return undefined;
      const { url, secret } = webhookCodec.decode(item);
      return { url, secret };
    },
  };
}
