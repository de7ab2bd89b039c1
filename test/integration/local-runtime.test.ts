// npm start's wiring (apps/local/local-runtime.ts): POST …/clear answers 202 like the deployed
// API, and the request wakes the local scheduler loop, so the auction clears without waiting for
// the loop's interval (an hour here: only the wake-up can clear it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { startLocalRuntime, type LocalRuntime } from '../../apps/local/local-runtime';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { appCaller, type Call } from '../support/app-caller';

const OPERATOR_KEY = 'sb_local_runtime_operator_key_0123456789';
const HOUR = 3600_000;

let table: TestTable;
let local: LocalRuntime;
let call: Call;

beforeAll(async () => {
  table = await createTestTable('local-runtime');
  const config = loadConfig({
    TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, AWS_REGION: 'local',
    BROKER_BOOTSTRAP_KEY: OPERATOR_KEY, LOG_LEVEL: 'ERROR', CLEARING_TIME_LIMIT_S: '20',
  });
  local = startLocalRuntime(config, { intervalMs: HOUR });
  await local.runtime.seed();
  call = appCaller(local.runtime.app, OPERATOR_KEY);
});

afterAll(async () => {
  await local?.scheduler.stop();
  local?.runtime.doc.destroy();
  await table?.drop();
});

async function json(response: Promise<Response>, status: number): Promise<Record<string, any>> {
  const r = await response;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as Record<string, any>;
}

describe('npm start: POST …/clear', () => {
  it('answers 202 with the auction to poll, and the woken scheduler clears it', async () => {
    const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
    const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();
    const auction = await json(call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 2, gateClosure } }), 201);
    await json(call('PUT', `/v1/auctions/${auction.id}/forecast`, { json: { intervals: [{ surplusMw: 100, reservePrice: 30 }, { surplusMw: 100, reservePrice: 30 }] } }), 200);
    const { key } = await json(call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'miner-1', classes: ['mining'] } }), 201);
    await json(call('POST', `/v1/auctions/${auction.id}/bids`, { key, json: { type: 'curve', from: 0, to: 2, steps: [{ mw: 50, price: 60 }] } }), 201);

    const response = await call('POST', `/v1/auctions/${auction.id}/clear`, { json: { force: true } });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/v1/auctions/${auction.id}`);
    expect(await response.json()).toEqual({ auctionId: auction.id, status: 'closed', transitions: ['open->closed'], outcome: 'scheduled' });

    // Poll as a client would (bounded by attempts, not by time).
    let status = 'closed';
    for (let attempt = 0; attempt < 200 && status !== 'cleared' && status !== 'failed'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await json(call('GET', `/v1/auctions/${auction.id}`), 200)).status;
    }
    expect(status).toBe('cleared');
    expect((await json(call('GET', `/v1/auctions/${auction.id}/result`), 200)).bids).toEqual([expect.objectContaining({ accepted: true })]);
  });
});
