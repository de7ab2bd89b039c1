// End to end as a VEN would drive the VTN, on DynamoDB Local and the real app: a token (HTTP
// Basic), the programs, the events; a subscription with a REAL local HTTP receiver; the operator
// curtails and the deliver-notices tick pushes the spec's notification (bearer token and HMAC
// signature checked by the receiver); USAGE reports with one interval above the allowed MW; then
// the settlement charges the metered energy and flags the breach at the auction's imbalancePrice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { EventSchema, NotificationSchema, ProgramSchema, SubscriptionSchema, ClientCredentialResponseSchema } from '../../../lib/openadr/objects';
import { verifyWebhook } from '../../../lib/notify/signature';
import { deliverTick } from '../../../lib/lifecycle/scheduled-ticks';
import type { FetchLike } from '../../../lib/notify/deliver';
import { SettlementSchema } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, quietLogger, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { keyIdOf, oadrCall, strictly, tokenFor, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
let server: Server;
let base: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction({ imbalancePrice: 500 });
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await h.drop();
});

const list = <S extends z.ZodObject>(schema: S, body: unknown) => z.array(z.unknown()).parse(body).map((x) => strictly(schema, x));

describe('a VEN against the VTN', () => {
  it('token → programs → events → subscribe → curtailment notification → USAGE → settlement with a breach', async () => {
    const call = oadrCall(h.app);
    // 1. A token, as openleadr-rs asks for it (HTTP Basic).
    const tokenRes = await tokenFor(h.app, await keyIdOf(h.app, m.keys['miner-1']), m.keys['miner-1'], 'basic');
    const token = strictly(ClientCredentialResponseSchema, await tokenRes.json()).access_token;

    // 2. Programs and events.
    const programs = list(ProgramSchema, await (await call('GET', '/openadr3/programs', token)).json());
    const programID = programs[0]!.id!;
    expect(programID).toBe('mining-PK-NORTH');
    const before = list(EventSchema, await (await call('GET', `/openadr3/events?programID=${programID}`, token)).json());
    const allocation = before.find((e) => e.id!.startsWith('alloc-'))!;
    expect(allocation.payloadDescriptors![0]).toMatchObject({ payloadType: 'IMPORT_CAPACITY_SUBSCRIPTION', units: 'KW' });
    const allowedKw = new Map(allocation.intervals.map((i) => [i.id, i.payloads[0]!.values[0] as number]));

    // 3. Subscribe a real receiver.
    const subRes = await call('POST', '/openadr3/subscriptions', token, {
      clientName: 'miner-1', programID,
      objectOperations: [{ objects: ['EVENT'], operations: ['CREATE', 'UPDATE'], callbackUrl: `${base}/oadr/callback`, bearerToken: 'ven-callback-token' }],
    });
    expect(subRes.status).toBe(201);
    const subscription = strictly(SubscriptionSchema, await subRes.json());
    expect(subscription).toMatchObject({ objectType: 'SUBSCRIPTION', programID, clientName: 'miner-1' });
    const signingSecret = subRes.headers.get('x-broker-signing-secret')!;
    expect(signingSecret).toMatch(/^whsec_/);
    expect(list(SubscriptionSchema, await (await call('GET', '/openadr3/subscriptions', token)).json()).map((s) => s.id)).toEqual([subscription.id]);

    // 4. The operator curtails interval 1; the outbox pushes the notification.
    const cut = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 1, surplusMw: 120 }] } });
    expect(cut.status).toBe(200);
    const summary = await deliverTick(h.services, { owner: 'deliver-e2e', fetch: globalThis.fetch as unknown as FetchLike, logger: quietLogger });
    expect(summary.delivered).toBeGreaterThanOrEqual(1);
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(delivery.headers.authorization).toBe('Bearer ven-callback-token');
    const verified = verifyWebhook(signingSecret, delivery.headers, delivery.body, h.clock.now());
    expect(verified.ok).toBe(true);
    const notification = strictly(NotificationSchema, JSON.parse(delivery.body));
    expect(notification).toMatchObject({ objectType: 'EVENT', operation: 'POST' });
    const limitEvent = strictly(EventSchema, notification.object);
    expect(limitEvent.payloadDescriptors![0]).toMatchObject({ payloadType: 'IMPORT_CAPACITY_LIMIT', units: 'KW' });
    expect(limitEvent.intervals.map((i) => i.id)).toEqual([1]);
    // The same event is what polling shows.
    expect(await (await call('GET', `/openadr3/events/${limitEvent.id}`, token)).json()).toEqual(limitEvent);
    const limitKw = limitEvent.intervals[0]!.payloads[0]!.values[0] as number;
    expect(limitKw).toBeLessThan(allowedKw.get(1)!);
    allowedKw.set(1, limitKw);

    // 5. USAGE per interval: as allowed, except interval 1 draws 5 MWh more than allowed.
    const kwh = [...allowedKw.entries()].map(([id, kw]) => ({ id, payloads: [{ type: 'USAGE', values: [kw * 0.25 + (id === 1 ? 5000 : 0)] }] }));
    const report = await call('POST', '/openadr3/reports', token, {
      programID, eventID: limitEvent.id, clientName: 'miner-1',
      payloadDescriptors: [{ objectType: 'REPORT_PAYLOAD_DESCRIPTOR', payloadType: 'USAGE', readingType: 'DIRECT_READ', units: 'KWH' }],
      resources: [{ resourceName: m.bids['miner-1'], intervals: kwh }],
    });
    expect(report.status).toBe(201);

    // 6. The settlement: metered, one breach at the auction's imbalance price.
    const s = SettlementSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`, { key: m.keys['miner-1'] })).json());
    expect(s.imbalancePrice).toBe(500);
    const statement = s.statements[0]!;
    expect(statement).toMatchObject({ bidderId: 'miner-1', metering: 'metered' });
    const breaches = statement.lines.filter((l) => l.breach);
    expect(breaches).toEqual([expect.objectContaining({ interval: 1, excessMwh: 5, imbalanceCharge: 2500 })]);
    expect(breaches[0]!.deliveredMwh).toBeCloseTo(limitKw * 0.25 / 1000, 6);
    expect(statement.totals).toMatchObject({ excessMwh: 5, imbalanceCharge: 2500, breaches: 1 });
    // Another bidder's statement stays provisional.
    const operator = SettlementSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json());
    expect(operator.statements.find((x) => x.bidderId === 'tenant-1')!.metering).toBe('provisional');
    expect(operator.totals).toMatchObject({ imbalanceRevenue: 2500, breaches: 1 });
    expect(h.metrics.count('MeteredBreaches')).toBe(1);
  });

  it('a new result notifies the subscribed VEN of its allocation events', async () => {
    received.length = 0;
    const next = await h.setupAuction({ deliveryStart: '2026-12-02T00:00:00.000Z', gateClosure: '2026-12-01T23:00:00.000Z' });
    h.clock.set('2026-12-01T23:00:01.000Z');
    await h.tick();
    await deliverTick(h.services, { owner: 'deliver-e2e-2', fetch: globalThis.fetch as unknown as FetchLike, logger: quietLogger });
    const events = received.map((r) => strictly(EventSchema, strictly(NotificationSchema, JSON.parse(r.body)).object));
    expect(events.map((e) => e.id)).toEqual([`alloc-${next.auctionId}-${next.bids['miner-1']}`]);
    expect(events[0]!.payloadDescriptors![0]!.payloadType).toBe('IMPORT_CAPACITY_SUBSCRIPTION');
    // A second tick enqueues nothing again.
    await h.tick();
    expect((await deliverTick(h.services, { owner: 'deliver-e2e-3', fetch: globalThis.fetch as unknown as FetchLike, logger: quietLogger })).delivered).toBe(0);
  });

  it('subscriptions are per VEN: another cannot list, read or delete them; bad callbacks and programs are refused', async () => {
    const call = oadrCall(h.app);
    const mine = await venToken(h.app, m.keys['miner-1']);
    const theirs = await venToken(h.app, m.keys['miner-2']);
    const [sub] = list(SubscriptionSchema, await (await call('GET', '/openadr3/subscriptions', mine)).json());
    expect(list(SubscriptionSchema, await (await call('GET', '/openadr3/subscriptions', theirs)).json())).toEqual([]);
    expect((await call('GET', `/openadr3/subscriptions/${sub!.id}`, theirs)).status).toBe(404);
    expect((await call('DELETE', `/openadr3/subscriptions/${sub!.id}`, theirs)).status).toBe(404);
    const body = (over: Record<string, unknown>) => ({ clientName: 'miner-2', programID: 'mining-PK-NORTH', objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: `${base}/x` }], ...over });
    expect((await call('POST', '/openadr3/subscriptions', theirs, body({ programID: 'ai-PK-NORTH' }))).status).toBe(400);
    expect((await call('POST', '/openadr3/subscriptions', theirs, body({ clientName: 'miner-1' }))).status).toBe(403);
    expect((await call('POST', '/openadr3/subscriptions', theirs, body({ objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: 'ftp://example.com/x' }] }))).status).toBe(400);
    expect((await call('POST', '/openadr3/subscriptions', theirs, body({ objectOperations: [{ objects: ['NOPE'], operations: ['CREATE'], callbackUrl: `${base}/x` }] }))).status).toBe(400);
    const replaced = { clientName: 'miner-1', programID: 'mining-PK-NORTH', objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: `${base}/other` }] };
    expect((await call('PUT', `/openadr3/subscriptions/${sub!.id}`, theirs, { ...replaced, clientName: 'miner-2' })).status).toBe(404);
    const put = strictly(SubscriptionSchema, await (await call('PUT', `/openadr3/subscriptions/${sub!.id}`, mine, replaced)).json());
    expect(put).toMatchObject({ id: sub!.id, createdDateTime: sub!.createdDateTime, objectOperations: [{ callbackUrl: `${base}/other` }] });
    strictly(SubscriptionSchema, await (await call('DELETE', `/openadr3/subscriptions/${sub!.id}`, mine)).json());
    expect((await call('GET', `/openadr3/subscriptions/${sub!.id}`, mine)).status).toBe(404);
  });
});
