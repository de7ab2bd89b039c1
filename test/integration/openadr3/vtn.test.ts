// The OpenADR 3 VTN on DynamoDB Local through the real app: tokens (form and Basic, RFC 6749
// errors, revocation), programs, events (allocations and curtailments) and VENs, every response
// validated against the specification's objects; two VENs never see each other's objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthErrorSchema, ClientCredentialResponseSchema, EventSchema, OadrProblemSchema, ProgramSchema, ResourceSchema, VenSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, GATE, NOW, OPERATOR_KEY, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { keyIdOf, oadrCall, strictly, tokenFor, venToken } from './support';

let h: LifecycleHarness;
let m: Market;
let call: ReturnType<typeof oadrCall>;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  const cut = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 1, surplusMw: 120 }, { index: 4, surplusMw: 30 }] } });
  expect(cut.status).toBe(200);
  call = oadrCall(h.app);
  for (const b of ['miner-1', 'miner-2', 'tenant-1'] as const) tokens[b] = await venToken(h.app, m.keys[b]);
});
afterAll(async () => { await h.drop(); });

const problem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(strictly(OadrProblemSchema.extend({ errors: z.array(z.unknown()).optional() }), await res.json()).status).toBe(status);
};

describe('POST /openadr3/auth/token', () => {
  it('issues a Bearer token for form fields and for HTTP Basic, no-store', async () => {
    const keyId = await keyIdOf(h.app, m.keys['miner-1']);
    for (const via of ['form', 'basic'] as const) {
      const res = await tokenFor(h.app, keyId, m.keys['miner-1'], via);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = strictly(ClientCredentialResponseSchema, await res.json());
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    }
  });

  it('answers RFC 6749 errors: invalid_client 401 with WWW-Authenticate, unsupported_grant_type and invalid_request 400', async () => {
    const keyId = await keyIdOf(h.app, m.keys['miner-1']);
    const wrong = await tokenFor(h.app, keyId, 'sb_not_the_key_at_all_0000000000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    expect(AuthErrorSchema.parse(await wrong.json()).error).toBe('invalid_client');
    // Another key's id with this key's secret is no client either.
    expect((await tokenFor(h.app, await keyIdOf(h.app, m.keys['miner-2']), m.keys['miner-1'])).status).toBe(401);
    const post = (body: string, type = 'application/x-www-form-urlencoded') => h.app.request('/openadr3/auth/token', { method: 'POST', headers: { 'content-type': type }, body });
    const grant = await post(`grant_type=password&client_id=${keyId}&client_secret=x`);
    expect(grant.status).toBe(400);
    expect(AuthErrorSchema.parse(await grant.json()).error).toBe('unsupported_grant_type');
    for (const body of [`client_id=${keyId}`, 'grant_type=client_credentials', 'grant_type=client_credentials&grant_type=client_credentials']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(AuthErrorSchema.parse(await res.json()).error).toBe('invalid_request');
    }
    expect(AuthErrorSchema.parse(await (await post('{}', 'application/json')).json()).error).toBe('invalid_request');
  });

  it('other routes need the token: 401 with the spec\'s problem body, and a revoked key\'s token stops working', async () => {
    await problem(await call('GET', '/openadr3/programs', null), 401);
    await problem(await call('GET', '/openadr3/events', 'oadr3.forged.token'), 401);
    await problem(await call('GET', '/openadr3/events', m.keys['miner-1']), 401); // an API key is not a token
    const key = (await (await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'miner-1', classes: ['mining'] } })).json()) as { key: string; keyId: string };
    const token = await venToken(h.app, key.key);
    expect((await call('GET', '/openadr3/events', token)).status).toBe(200);
    expect((await h.call('DELETE', `/v1/keys/${key.keyId}`)).status).toBe(204);
    await problem(await call('GET', '/openadr3/events', token), 401);
    expect((await tokenFor(h.app, key.keyId, key.key)).status).toBe(401);
    // An operator token reads programs but holds no VEN objects.
    const operator = await venToken(h.app, OPERATOR_KEY);
    expect((await call('GET', '/openadr3/programs', operator)).status).toBe(200);
    await problem(await call('GET', '/openadr3/events', operator), 403);
  });
});

describe('programs, events, vens', () => {
  it('programs: one per zone and class; a bidder sees its classes', async () => {
    const programs = z.array(z.unknown()).parse(await (await call('GET', '/openadr3/programs', tokens['miner-1']!)).json()).map((p) => strictly(ProgramSchema, p));
    expect(programs.map((p) => p.id)).toEqual(['mining-PK-NORTH']);
    expect(programs[0]).toMatchObject({ objectType: 'PROGRAM', programName: 'PK-NORTH mining' });
  });

  it('events: the allocation (IMPORT_CAPACITY_SUBSCRIPTION) and the curtailment (IMPORT_CAPACITY_LIMIT), own only, paged', async () => {
    const res = await call('GET', '/openadr3/events', tokens['miner-1']!);
    expect(res.status).toBe(200);
    const events = z.array(z.unknown()).parse(await res.json()).map((e) => strictly(EventSchema, e));
    expect(events.length).toBeGreaterThanOrEqual(1);
    const alloc = events.find((e) => e.id!.startsWith('alloc-'))!;
    expect(alloc).toMatchObject({ objectType: 'EVENT', programID: 'mining-PK-NORTH', payloadDescriptors: [{ payloadType: 'IMPORT_CAPACITY_SUBSCRIPTION', units: 'KW' }] });
    expect(alloc.targets).toContainEqual({ type: 'RESOURCE_NAME', values: [m.bids['miner-1']] });
    for (const i of alloc.intervals) expect(i.payloads[0]!.type).toBe('IMPORT_CAPACITY_SUBSCRIPTION');
    const cuts = events.filter((e) => e.id!.startsWith('curt-'));
    expect(cuts.length).toBeGreaterThan(0);
    for (const e of cuts) {
      expect(e.payloadDescriptors![0]!.payloadType).toBe('IMPORT_CAPACITY_LIMIT');
      expect(e.targets).toContainEqual({ type: 'VEN_NAME', values: ['miner-1'] });
    }
    const all = [...events];
    for (const other of ['miner-2', 'tenant-1'] as const) {
      const theirs = z.array(EventSchema).parse(await (await call('GET', '/openadr3/events', tokens[other]!)).json());
      expect(theirs.length).toBeGreaterThan(0);
      for (const e of theirs) expect(e.targets).toContainEqual({ type: 'VEN_NAME', values: [other] });
      expect(theirs.some((e) => all.some((mine) => mine.id === e.id))).toBe(false);
      await problem(await call('GET', `/openadr3/events/${theirs[0]!.id}`, tokens['miner-1']!), 404);
    }
    strictly(EventSchema, await (await call('GET', `/openadr3/events/${alloc.id}`, tokens['miner-1']!)).json());
    const page = z.array(EventSchema).parse(await (await call('GET', '/openadr3/events?skip=1&limit=1', tokens['miner-1']!)).json());
    expect(page.map((e) => e.id)).toEqual(events.slice(1, 2).map((e) => e.id));
    expect(z.array(EventSchema).parse(await (await call('GET', '/openadr3/events?programID=ai-PK-NORTH', tokens['miner-1']!)).json())).toEqual([]);
    const byResource = z.array(EventSchema).parse(await (await call('GET', `/openadr3/events?targetType=RESOURCE_NAME&targetValues=${m.bids['miner-2']}`, tokens['miner-1']!)).json());
    expect(byResource).toEqual([]);
    await problem(await call('GET', '/openadr3/events?limit=51', tokens['miner-1']!), 400);
    await problem(await call('GET', '/openadr3/events?skip=-1', tokens['miner-1']!), 400);
  });

  it('the tenant\'s curtailed block: a limit event with the kW left', async () => {
    const events = z.array(EventSchema).parse(await (await call('GET', '/openadr3/events', tokens['tenant-1']!)).json());
    const alloc = events.find((e) => e.id!.startsWith('alloc-'))!;
    expect(alloc.intervals.every((i) => i.payloads[0]!.values[0] === 120_000)).toBe(true);
  });

  it('vens and resources: the own VEN only; bids are its resources', async () => {
    const vens = z.array(z.unknown()).parse(await (await call('GET', '/openadr3/vens', tokens['miner-1']!)).json()).map((v) => strictly(VenSchema, v));
    expect(vens).toHaveLength(1);
    expect(vens[0]).toMatchObject({ objectType: 'VEN', venName: 'miner-1', id: 'ven-miner-1' });
    strictly(VenSchema, await (await call('GET', '/openadr3/vens/ven-miner-1', tokens['miner-1']!)).json());
    await problem(await call('GET', '/openadr3/vens/ven-miner-2', tokens['miner-1']!), 404);
    await problem(await call('GET', '/openadr3/vens/ven-miner-2/resources', tokens['miner-1']!), 404);
    const resources = z.array(z.unknown()).parse(await (await call('GET', '/openadr3/vens/ven-miner-1/resources', tokens['miner-1']!)).json()).map((r) => strictly(ResourceSchema, r));
    expect(resources.map((r) => r.resourceName)).toEqual([m.bids['miner-1']]);
    expect(resources[0]).toMatchObject({ objectType: 'RESOURCE', venID: 'ven-miner-1' });
  });
});
