// POST /v1/webhook/test on DynamoDB Local (issue 11 "webhook test"): 202 with an event id, the
// entry in the table's outbox, and the deliver-notices tick pushes it — signed with the
// registration's secret — to a REAL local receiver; a retry with the same Idempotency-Key queues
// nothing new; 404 without a webhook, 403 for the operator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../lib/notify/signature';
import { deliverTick } from '../../../lib/lifecycle/scheduled-ticks';
import type { FetchLike } from '../../../lib/notify/deliver';
import { WebhookRegistrationResponseSchema } from '../../../schemas/lifecycle';
import { TestNoticeSchema, WebhookTestResponseSchema } from '../../../schemas/api/webhook-test';
import { createLifecycleHarness, NOW, quietLogger, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
let server: Server;
let base: string;
const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];

beforeAll(async () => {
  h = await createLifecycleHarness();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => { received.push({ body, headers: req.headers }); res.writeHead(200).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h.drop();
});

describe('POST /v1/webhook/test', () => {
  it('queues a signed test notice that the notice run delivers to the webhook', async () => {
    h.clock.set(NOW);
    const key = await (async () => {
      const res = await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'tester-1', classes: ['mining'] } });
      return ((await res.json()) as { key: string }).key;
    })();
    expect((await h.call('POST', '/v1/webhook/test', { key })).status).toBe(404);
    expect((await h.call('POST', '/v1/webhook/test')).status).toBe(403);
    const reg = WebhookRegistrationResponseSchema.parse(await (await h.call('PUT', '/v1/webhook', { key, json: { url: `${base}/hook` } })).json());

    const first = await h.call('POST', '/v1/webhook/test', { key, headers: { 'idempotency-key': 'webhook-test-1' } });
    expect(first.status).toBe(202);
    const queued = WebhookTestResponseSchema.parse(await first.json());
    expect(queued).toMatchObject({ url: `${base}/hook`, status: 'pending', queuedAt: NOW });
    const again = await h.call('POST', '/v1/webhook/test', { key, headers: { 'idempotency-key': 'webhook-test-1' } });
    expect(WebhookTestResponseSchema.parse(await again.json()).eventId).toBe(queued.eventId);

    const fetch = globalThis.fetch as unknown as FetchLike;
    expect(await deliverTick(h.services, { owner: 'deliver-test', fetch, logger: quietLogger })).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    const v = verifyWebhook(reg.secret, received[0]!.headers, received[0]!.body, h.clock.now());
    expect(v).toEqual({ ok: true, eventId: queued.eventId, timestamp: Math.floor(Date.parse(NOW) / 1000) });
    expect(TestNoticeSchema.parse(JSON.parse(received[0]!.body))).toMatchObject({ eventId: queued.eventId, type: 'test', bidderId: 'tester-1' });
    // Delivered once: the next run has nothing to send.
    expect(await deliverTick(h.services, { owner: 'deliver-test-2', fetch, logger: quietLogger })).toMatchObject({ delivered: 0 });
    // Not a curtailment: the events feed does not list it.
    expect(JSON.stringify(await (await h.call('GET', '/v1/events', { key })).json())).not.toContain(queued.eventId);
  });
});
