// Webhooks end to end on DynamoDB Local: PUT /v1/webhook (secret shown once), a curtailment
// enqueues the notice in the table's outbox, the deliver-notices tick pushes it with the global
// fetch to a REAL local HTTP receiver that verifies the signature, answers 500 first (retried
// after the backoff), and dedupes a redelivery (a crash after the send) by event id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../lib/notify/signature';
import { deliverTick } from '../../../lib/lifecycle/scheduled-ticks';
import type { FetchLike } from '../../../lib/notify/deliver';
import type { OutboxPort } from '../../../lib/notify/outbox';
import { WebhookRegistrationResponseSchema } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, quietLogger, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
let server: Server;
let base: string;
const secrets = new Map<string, string>();
const deliveries: { bidder: string; eventId?: string; verdict: string; status: number }[] = [];
const processed = new Map<string, string>(); // eventId → body: the receiver's dedupe store
let failNext = 0;

beforeAll(async () => {
  h = await createLifecycleHarness();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const bidder = req.url!.split('/')[2]!;
      const v = verifyWebhook(secrets.get(bidder) ?? 'unknown', req.headers, body, h.clock.now());
      let status = 200;
      if (!v.ok) status = 401;
      else if (failNext > 0) { failNext--; status = 500; }
      else if (!processed.has(v.eventId)) processed.set(v.eventId, body);
      deliveries.push({ bidder, eventId: v.ok ? v.eventId : undefined, verdict: v.ok ? 'ok' : v.reason, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h.drop();
});

const fetch = globalThis.fetch as unknown as FetchLike;
const tick = (outbox?: OutboxPort) => deliverTick(outbox ? { ...h.services, outbox } : h.services, { owner: `deliver-${Math.random()}`, fetch, logger: quietLogger });

describe('webhooks through the DynamoDB outbox', () => {
  it('registers, signs, retries after 500, dedupes by event id', async () => {
    h.clock.set(NOW);
    const m = await h.setupAuction();
    const reg = await h.call('PUT', '/v1/webhook', { key: m.keys['miner-1'], json: { url: `${base}/hook/miner-1` } });
    expect(reg.status).toBe(200);
    const registration = WebhookRegistrationResponseSchema.parse(await reg.json());
    expect(registration.bidderId).toBe('miner-1');
    secrets.set('miner-1', registration.secret);
    expect((await h.call('PUT', '/v1/webhook', { json: { url: `${base}/hook/x` } })).status).toBe(403);
    const bad = await h.call('PUT', '/v1/webhook', { key: m.keys['miner-2'], json: { url: 'ftp://example.com/x' } });
    expect(bad.status).toBe(400);
    // The secret is never shown again: it is not in any response but the registration's.
    expect(JSON.stringify(await (await h.call('GET', '/v1/events', { key: m.keys['miner-1'] })).json())).not.toContain(registration.secret);

    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    const cut = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 100 }] } });
    expect(cut.status).toBe(200);

    failNext = 1;
    expect(await tick()).toMatchObject({ delivered: 0, retried: 1, dead: 0 });
    const [notice] = (await (await h.call('GET', '/v1/events', { key: m.keys['miner-1'] })).json() as { events: { eventId: string }[] }).events;
    const entry = await (h.services.outbox as OutboxPort & { get(id: string): Promise<{ status: string; attempts: number; nextAttemptAt: string } | undefined> }).get(notice!.eventId);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(entry!.nextAttemptAt)).toBeGreaterThan(h.clock.now().getTime());
    expect(await tick()).toMatchObject({ delivered: 0, retried: 0 }); // not due yet

    h.clock.set(new Date(Date.parse(entry!.nextAttemptAt) + 1));
    expect(await tick()).toMatchObject({ delivered: 1 });
    expect(deliveries.map((d) => [d.eventId, d.status, d.verdict])).toEqual([[notice!.eventId, 500, 'ok'], [notice!.eventId, 200, 'ok']]);
    expect(JSON.parse(processed.get(notice!.eventId)!)).toMatchObject({ eventId: notice!.eventId, bidderId: 'miner-1', type: 'curtailment' });
    expect(await tick()).toMatchObject({ delivered: 0, retried: 0 });

    // A delivery run that crashes after the send, before recording it: the entry stays leased,
    // is sent again after the lease, and the receiver dedupes the second copy by event id.
    const cut2 = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 3, surplusMw: 60 }] } });
    expect(cut2.status).toBe(200);
    const crashing: OutboxPort = { ...h.services.outbox, update: async () => { throw new Error('crashed after the send'); } };
    expect(await tick(crashing)).toMatchObject({ errors: 1 });
    h.clock.advance(61_000);
    expect(await tick()).toMatchObject({ delivered: 1 });
    const second = deliveries.slice(2);
    expect(second).toHaveLength(2);
    expect(second[0]!.eventId).toBe(second[1]!.eventId);
    expect(second.every((d) => d.status === 200 && d.verdict === 'ok')).toBe(true);
    expect(processed.size).toBe(2); // two events, each processed once

    // miner-2 has no webhook: its notices are only in its feed, never in the outbox.
    expect(deliveries.every((d) => d.bidder === 'miner-1')).toBe(true);
  });

  it('without WEBHOOK_ALLOW_PRIVATE, loopback and http URLs are refused with 422', async () => {
    const strict = await createLifecycleHarness({ webhookAllowPrivate: false });
    try {
      const m = await strict.setupAuction();
      const res = await strict.call('PUT', '/v1/webhook', { key: m.keys['miner-1'], json: { url: `${base}/hook/miner-1` } });
      expect(res.status).toBe(422);
      expect((await res.json() as { errors: { path: string }[] }).errors[0]!.path).toBe('url');
      const ok = await strict.call('PUT', '/v1/webhook', { key: m.keys['miner-1'], json: { url: 'https://miner-1.example.com/hooks' } });
      expect(ok.status).toBe(200);
    } finally {
      await strict.drop();
    }
  });
});

describe('webhook get and delete', () => {
  it('shows the registration without its secret, deletes it, then 404; operators are refused', async () => {
    h.clock.set(NOW);
    const m = await h.setupAuction();
    const key = m.keys['miner-2'];
    expect((await h.call('GET', '/v1/webhook', { key })).status).toBe(404);
    const registered = WebhookRegistrationResponseSchema.parse(await (await h.call('PUT', '/v1/webhook', { key, json: { url: `${base}/hook/miner-2` } })).json());
    const shown = await h.call('GET', '/v1/webhook', { key });
    expect(shown.status).toBe(200);
    const body = await shown.json() as Record<string, unknown>;
    expect(body).toEqual({ bidderId: 'miner-2', url: registered.url, createdAt: registered.createdAt });
    expect(JSON.stringify(body)).not.toContain('whsec_');
    expect((await h.call('GET', '/v1/webhook')).status).toBe(403);
    expect((await h.call('DELETE', '/v1/webhook', { key })).status).toBe(204);
    expect((await h.call('GET', '/v1/webhook', { key })).status).toBe(404);
    expect((await h.call('DELETE', '/v1/webhook', { key })).status).toBe(404);
    expect(await h.services.webhooks.webhookFor('miner-2')).toBeUndefined();
  });
});
