// POST /v1/webhook/test: a signed test notice to the caller's webhook, through the outbox (the
// same signature, retries and address policy as a curtailment notice).
import { z } from 'zod';

/** The body the webhook receives: `type: "test"`, so a receiver can tell it from a curtailment. */
export const TestNoticeSchema = z.strictObject({
  eventId: z.string().describe('Also in X-Broker-Event-Id; a new one per test'),
  type: z.literal('test'),
  bidderId: z.string(),
  noticeTime: z.iso.datetime(),
  message: z.string(),
}).meta({ id: 'TestNotice' });

export const WebhookTestResponseSchema = z.strictObject({
  eventId: z.string().describe('The test notice\'s event id (X-Broker-Event-Id on the delivery)'),
  url: z.string().describe('Where it will be delivered'),
  status: z.literal('pending').describe('Queued in the outbox; delivered by the next notice run (within a minute deployed, seconds under npm start)'),
  queuedAt: z.iso.datetime(),
}).meta({ id: 'WebhookTestResponse' });

export type TestNotice = z.infer<typeof TestNoticeSchema>;
export type WebhookTestResponse = z.infer<typeof WebhookTestResponseSchema>;
