// A crash between a curtailment's commit and its fan-out: the scheduler's repair enqueues the
// OpenADR subscription notifications too (once), not only the webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curtailAuction } from '../../../lib/lifecycle/curtail-auction';
import { deliverTick } from '../../../lib/lifecycle/scheduled-ticks';
import type { FetchLike } from '../../../lib/notify/deliver';
import { NotificationSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, GATE, NOW, quietLogger, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { oadrCall, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
});
afterAll(async () => { await h.drop(); });

describe('subscription notifications after a crashed fan-out', () => {
  it('are enqueued by the repair, once', async () => {
    const token = await venToken(h.app, m.keys['miner-1']);
    const sub = await oadrCall(h.app)('POST', '/openadr3/subscriptions', token, {
      clientName: 'miner-1', programID: 'mining-PK-NORTH', objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: 'http://127.0.0.1:9/cb' }],
    });
    expect(sub.status).toBe(201);
    const crashing = Object.create(h.services.store) as typeof h.services.store;
    crashing.publishNotices = async () => { throw new Error('crashed after the commit'); };
    await expect(curtailAuction({ store: crashing, directory: h.services.webhooks, subscribers: h.services.subscribers, clock: h.clock }, m.auctionId, { intervals: [{ index: 5, surplusMw: 50 }] })).rejects.toThrow(/crashed/);
    expect((await h.tick()).fanOutRepaired).toBe(1);
    const sent: { url: string; body: string }[] = [];
    const fetch: FetchLike = async (url, init) => { sent.push({ url, body: init.body }); return { status: 204, body: null }; };
    await deliverTick(h.services, { owner: 'deliver-repair', fetch, logger: quietLogger });
    expect(sent.map((s) => s.url)).toEqual(['http://127.0.0.1:9/cb']);
    expect(NotificationSchema.parse(JSON.parse(sent[0]!.body)).object).toMatchObject({ objectType: 'EVENT', programID: 'mining-PK-NORTH' });
    expect((await h.tick()).fanOutRepaired).toBe(0);
    expect((await deliverTick(h.services, { owner: 'deliver-repair-2', fetch, logger: quietLogger })).delivered).toBe(0);
  });
});
