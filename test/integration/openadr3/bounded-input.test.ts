// Red-team findings 2 and 3 on DynamoDB Local through the real app: numbers DynamoDB (or its
// document client) cannot store, and bodies whose item would pass DynamoDB's 400 KB, are refused
// with the spec's problem and a field path — never a 500, and nothing of the request is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OadrProblemSchema } from '../../../lib/openadr/objects';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { oadrCall, venToken } from './support';
import { tableSnapshot } from './table-snapshot';

let h: LifecycleHarness;
let m: Market;
let call: ReturnType<typeof oadrCall>;
let token: string;
let eventID: string;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  call = oadrCall(h.app);
  token = await venToken(h.app, m.keys['miner-1']);
  eventID = ((await (await call('GET', '/openadr3/events', token)).json()) as { id: string }[])[0]!.id;
});
afterAll(async () => { await h.drop(); });

const ProblemWithErrors = OadrProblemSchema.extend({ errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() });

/** Posts a raw JSON text (numbers exactly as written) and expects a 400 naming `path`; nothing stored. */
async function refused(method: string, path: string, body: string, fieldPath: string | RegExp, status = 400) {
  const before = await tableSnapshot(h.table);
  const res = await h.app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  expect(res.status, text.slice(0, 400)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/(problem\+)?json$/);
  const problem = ProblemWithErrors.parse(JSON.parse(text));
  expect(problem.status).toBe(status);
  if (status === 400) expect(problem.errors?.map((e) => e.path), text.slice(0, 400)).toContainEqual(typeof fieldPath === 'string' ? fieldPath : expect.stringMatching(fieldPath));
  expect(await tableSnapshot(h.table), `${path} stored something`).toBe(before);
}

const report = (values: string[], extra = '') => `{"programID":"mining-PK-NORTH","eventID":"${eventID}","clientName":"miner-1",
  "resources":[{"resourceName":"${m.bids['miner-1']}","intervals":[${values.map((v, i) => `{"id":${i},"payloads":[{"type":"USAGE","values":[${v}]}]}`).join(',')}]}]${extra}}`;
const subscription = (targets: string) => `{"clientName":"miner-1","programID":"mining-PK-NORTH",
  "objectOperations":[{"objects":["EVENT"],"operations":["CREATE"],"callbackUrl":"https://example.com/cb"}],"targets":${targets}}`;

/** Outside what DynamoDB stores (1e-130 .. 9.99e125, 38 digits) or the document client takes (safe integers). */
const UNSTORABLE = ['1e-200', '1e-131', '-1e-131', '1e126', '1e300', '9007199254740993', '1234567890123456789012345678901234567890', '1e-10'];

describe('numbers a VTN body may carry', () => {
  it('a USAGE value DynamoDB cannot store is a 400 at its path, and the report\'s other readings are not stored either', async () => {
    for (const v of UNSTORABLE) await refused('POST', '/openadr3/reports', report(['1000', v]), 'resources[0].intervals[1].payloads[0].values[0]');
    expect(await h.services.meter!.readReadings(m.auctionId)).toEqual([]);
  });

  it('the same in any ValuesMap: report payloads of other types, subscription targets, points', async () => {
    const other = report(['1000']).replace('"payloads":[', '"payloads":[{"type":"PRICE","values":[1e-200]},');
    await refused('POST', '/openadr3/reports', other, 'resources[0].intervals[0].payloads[0].values[0]');
    for (const v of UNSTORABLE) await refused('POST', '/openadr3/subscriptions', subscription(`[{"type":"X","values":[${v}]}]`), 'targets[0].values[0]');
    await refused('POST', '/openadr3/subscriptions', subscription('[{"type":"X","values":[{"x":1e-200,"y":1}]}]'), 'targets[0].values[0].x');
    await refused('POST', '/openadr3/reports', report(['1000']).replace('"clientName"', '"payloadDescriptors":[{"payloadType":"USAGE","accuracy":1e-200}],"clientName"'), 'payloadDescriptors[0].accuracy');
    expect(await h.services.meter!.readReadings(m.auctionId)).toEqual([]);
  });

  it('representable values are still taken: 0, 1 Wh and large readings; a USAGE below the market\'s quantum in MWh is a 400 too', async () => {
    // 1e-9 kWh passes the ValuesMap rule but is 1e-12 MWh, below what a reading takes (lib/lifecycle/meter-readings.ts).
    await refused('POST', '/openadr3/reports', report(['0', '1e-9']), 'resources[0].intervals[1]');
    const res = await h.app.request('/openadr3/reports', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: report(['0', '0.001', '99999999']) });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await h.services.meter!.readReadings(m.auctionId)).map((r) => r.mwh)).toEqual([0, 1e-6, 99_999.999]);
  });
});

describe('sizes a VTN body may have', () => {
  const op = (url = 'https://example.com/cb', token = 't') => ({ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: url, bearerToken: token });
  const sub = (fields: Record<string, unknown>) => JSON.stringify({ clientName: 'miner-1', programID: 'mining-PK-NORTH', objectOperations: [op()], ...fields });

  it('subscriptions: arrays and strings are bounded (400 at the field), bodies too (413): no body makes a > 400 KB item', async () => {
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: Array.from({ length: 11 }, () => op()) }), 'objectOperations');
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [op(`https://example.com/${'a'.repeat(3000)}`)] }), 'objectOperations[0].callbackUrl');
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [op(undefined, 'b'.repeat(5000))] }), 'objectOperations[0].bearerToken');
    for (const bad of ['a\r\nX-Injected: 1', 'tök', 'a b']) await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [op(undefined, bad)] }), 'objectOperations[0].bearerToken');
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [{ ...op(), objects: Array.from({ length: 100 }, () => 'EVENT') }] }), 'objectOperations[0].objects');
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [{ ...op(), operations: Array.from({ length: 100 }, () => 'CREATE') }] }), 'objectOperations[0].operations');
    await refused('POST', '/openadr3/subscriptions', sub({ targets: Array.from({ length: 21 }, (_, i) => ({ type: `T${i}`, values: ['v'] })) }), 'targets');
    await refused('POST', '/openadr3/subscriptions', sub({ targets: [{ type: 'T', values: Array.from({ length: 51 }, () => 'x') }] }), 'targets[0].values');
    await refused('POST', '/openadr3/subscriptions', sub({ targets: [{ type: 'T', values: ['x'.repeat(2000)] }] }), 'targets[0].values[0]');
    await refused('POST', '/openadr3/subscriptions', sub({ clientName: 'm'.repeat(200) }), 'clientName');
    // A URL within the bound whose normalised form (percent-encoded) exceeds it.
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: [op(`https://example.com/${'é'.repeat(1500)}`)] }), 'objectOperations[0].callbackUrl');
    // Bodies past 64 KiB: what the red team sent (hundreds of operations, long strings, many targets).
    await refused('POST', '/openadr3/subscriptions', sub({ objectOperations: Array.from({ length: 500 }, () => op('https://example.com/cb', 'x'.repeat(1000))) }), '', 413);
    await refused('POST', '/openadr3/subscriptions', sub({ targets: Array.from({ length: 1000 }, (_, i) => ({ type: `T${i}`, values: ['x'.repeat(100)] })) }), '', 413);
    // The same bounds on PUT: create one, then try to replace it with oversized ones.
    const created = await call('POST', '/openadr3/subscriptions', token, JSON.parse(sub({})));
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    await refused('PUT', `/openadr3/subscriptions/${id}`, sub({ objectOperations: Array.from({ length: 11 }, () => op()) }), 'objectOperations');
    await refused('PUT', `/openadr3/subscriptions/${id}`, sub({ targets: [{ type: 'T', values: ['x'.repeat(70_000)] }] }), '', 413);
    expect((await call('DELETE', `/openadr3/subscriptions/${id}`, token)).status).toBe(200);
  });

  it('reports: resources, intervals and payloads are bounded', async () => {
    const resource = (intervals: number, payloads = 1) => ({ resourceName: m.bids['miner-1'], intervals: Array.from({ length: intervals }, (_, id) => ({ id, payloads: Array.from({ length: payloads }, () => ({ type: 'USAGE', values: [1] })) })) });
    const body = (resources: unknown[]) => JSON.stringify({ programID: 'mining-PK-NORTH', eventID, clientName: 'miner-1', resources });
    await refused('POST', '/openadr3/reports', body(Array.from({ length: 101 }, () => resource(1))), 'resources');
    await refused('POST', '/openadr3/reports', body([resource(673)]), 'resources[0].intervals');
    await refused('POST', '/openadr3/reports', body([resource(1, 30)]), 'resources[0].intervals[0].payloads');
    // Within each bound, but more intervals in all than the plain meter API takes in one request.
    await refused('POST', '/openadr3/reports', body(Array.from({ length: 20 }, () => resource(600))), 'resources');
    await refused('POST', '/openadr3/reports', JSON.stringify({ programID: 'mining-PK-NORTH', eventID, clientName: 'miner-1', reportName: 'r'.repeat(5000), resources: [resource(1)] }), 'reportName');
    expect((await h.services.meter!.readReadings(m.auctionId)).length).toBe(3);
  });
});

describe('the plain meter API (the same readings store)', () => {
  it('a reading DynamoDB cannot store is a 400 at its path and none of the request\'s readings is stored', async () => {
    const before = await h.services.meter!.readReadings(m.auctionId);
    for (const mwh of ['1e-200', '1e-131', '1e-10']) {
      const body = `{"readings":[{"bidId":"${m.bids['miner-1']}","interval":5,"mwh":1},{"bidId":"${m.bids['miner-1']}","interval":6,"mwh":${mwh}}]}`;
      const res = await h.app.request(`/v1/auctions/${m.auctionId}/meter-readings`, { method: 'POST', headers: { authorization: `Bearer ${m.keys['miner-1']}`, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.stringify(await res.json())).toContain('readings[1].mwh');
    }
    const csv = await h.app.request(`/v1/auctions/${m.auctionId}/meter-readings`, { method: 'POST', headers: { authorization: `Bearer ${m.keys['miner-1']}`, 'content-type': 'text/csv' }, body: `bid_id,interval,mwh\r\n${m.bids['miner-1']},5,1\r\n${m.bids['miner-1']},6,1e-200\r\n` });
    expect(csv.status).toBe(400);
    expect(await h.services.meter!.readReadings(m.auctionId)).toEqual(before);
  });
});
