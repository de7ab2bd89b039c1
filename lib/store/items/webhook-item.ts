// Webhook registration item. The secret is stored as issued: deliveries sign with it (HMAC needs
// the key itself).
import { z } from 'zod';
import { WebhookRegistrationResponseSchema } from '../../../schemas/lifecycle';
import type { WebhookRegistration } from '../../notify/ports';
import { lifecycleKeys } from '../keys';
import { itemCodec } from './item-codec';

export const WebhookItemSchema = z.object({
  pk: z.string().startsWith('WEBHOOK#'),
  sk: z.string(),
  type: z.literal('webhook'),
  bidderId: WebhookRegistrationResponseSchema.shape.bidderId,
  url: WebhookRegistrationResponseSchema.shape.url,
  secret: z.string(),
  createdAt: WebhookRegistrationResponseSchema.shape.createdAt,
});

export const webhookCodec = itemCodec<WebhookRegistration, typeof WebhookItemSchema>('webhook', WebhookItemSchema, {
  encode: (r) => ({ ...lifecycleKeys.webhook(r.bidderId), type: 'webhook', bidderId: r.bidderId, url: r.url, secret: r.secret, createdAt: r.createdAt }),
  fromItem: (item) => ({ bidderId: item.bidderId, url: item.url, secret: item.secret, createdAt: item.createdAt }),
});
