// A test notice for a bidder's webhook (POST /v1/webhook/test): queued in the outbox like a
// curtailment notice, so it is delivered by the same run with the same signature, retries and
// transport (the guarded fetch deployed) — what a bidder wants to check before a real curtailment.
// The registered URL is checked again against the address policy when it is queued.
import { randomBytes } from 'node:crypto';
import { TestNoticeSchema, type WebhookTestResponse } from '../../schemas/api/webhook-test';
import type { Clock } from '../kernel/ports';
import type { OutboxPort, WebhookDirectory } from './outbox';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url';

export type TestNoticeOutcome =
  | { kind: 'queued'; response: WebhookTestResponse }
  | { kind: 'no-webhook' }
  | { kind: 'refused'; message: string };

export async function queueTestNotice(
  deps: { outbox: Pick<OutboxPort, 'put'>; directory: WebhookDirectory; clock: Clock; policy: WebhookUrlPolicy },
  bidderId: string,
): Promise<TestNoticeOutcome> {
  const hook = await deps.directory.webhookFor(bidderId);
  if (!hook) return { kind: 'no-webhook' };
  const check = checkWebhookUrl(hook.url, deps.policy);
  if (!check.ok) return { kind: 'refused', message: check.message };
  const now = deps.clock.now().toISOString();
  const eventId = `test_${randomBytes(16).toString('hex')}`;
  const body = JSON.stringify(TestNoticeSchema.parse({
    eventId, type: 'test', bidderId, noticeTime: now,
    message: 'A test notice from the broker: the signature verifies with your webhook secret. No action is needed.',
  }));
  await deps.outbox.put({ id: eventId, eventId, bidderId, body, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
  return { kind: 'queued', response: { eventId, url: hook.url, status: 'pending', queuedAt: now } };
}
