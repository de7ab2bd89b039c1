// The `broker` CLI's market-design-v2 commands against the real local broker (createApp +
// DynamoDB Local, served on 127.0.0.1), run as shipped (`node bin/broker.js`). A recording
// pass-through in front of the broker shows what the CLI sent: bid files go out unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { AuctionSchema } from '../../schemas/api/auctions';
import { BidPageSchema, StoredBidSchema } from '../../schemas/api/bids';
import { CreatedKeySchema } from '../../schemas/api/keys';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { ResultSchema } from '../../schemas/result';
import { reasonInWords, reasonOf } from '../../lib/clearing/reason-words';
import { OPERATOR_KEY, startBroker, type Broker } from '../e2e/support/broker';
import { serveApp, type RunningServer } from '../e2e/support/server';

let broker: Broker;
let proxy: RunningServer;
let dir: string;
let auctionId: string;
let tenantKey: string;
let minerKey: string;
const sent: { method: string; path: string; body: string | undefined }[] = [];

interface Run { code: number; stdout: string; stderr: string }

function cli(args: string[], key: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, BROKER_URL: proxy.url, BROKER_KEY: key };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/broker.js', ...args], { env, cwd: process.cwd(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const bidCount = async () => BidPageSchema.parse(await broker.api('GET', `/v1/auctions/${auctionId}/bids`, OPERATOR_KEY, { status: 200, schema: BidPageSchema })).items.length;

const HOUR = 3600_000;
const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();

beforeAll(async () => {
  broker = await startBroker();
  dir = mkdtempSync(join(tmpdir(), 'sb-cli-v2-'));
  // Pass-through to the real app, keeping each request as it arrived.
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.text();
    sent.push({ method: c.req.method, path: url.pathname, body });
    return broker.app.request(`${url.pathname}${url.search}`, { method: c.req.method, headers: c.req.raw.headers, ...(body === undefined ? {} : { body }) });
  });
  proxy = await serveApp(app);
  const key = async (bidderId: string, classes: string[]) => (await broker.api('POST', '/v1/keys', OPERATOR_KEY, { status: 201, schema: CreatedKeySchema }, { role: 'bidder', bidderId, classes })).key;
  tenantKey = await key('tenant-5', ['ai']);
  minerKey = await key('miner-7', ['mining']);
  auctionId = (await broker.api('POST', '/v1/auctions', OPERATOR_KEY, { status: 201, schema: AuctionSchema },
    { zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 4, gateClosure })).id;
  await broker.api('PUT', `/v1/auctions/${auctionId}/forecast`, OPERATOR_KEY, { status: 200, schema: ForecastSchema },
    ['interval,surplus_mw,reserve_price', '0,100,30', '1,100,30', '2,100,30', '3,100,30'].join('\n'));
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await proxy?.close();
  await broker?.close();
});

describe('broker CLI, market design v2, against the local broker', () => {
  it('submits a bid file with v2 fields unchanged, one POST per bid', async () => {
    const bids = [
      { type: 'block', mw: 10, duration: 2, earliestStart: 0, latestStart: 2, price: 90, minAcceptanceRatio: 1, firmness: 'interruptible', exclusiveGroup: 'campus' },
      { type: 'block', mw: 8, duration: 2, earliestStart: 0, latestStart: 2, price: 85, minAcceptanceRatio: 1, exclusiveGroup: 'campus' },
    ];
    const before = sent.length;
    const run = await cli(['bid', 'submit', auctionId, file('v2-bids.json', bids), '--json'], tenantKey);
    expect(run.code, run.stderr).toBe(0);
    const posts = sent.slice(before).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual([`/v1/auctions/${auctionId}/bids`, `/v1/auctions/${auctionId}/bids`]);
    expect(posts.map((r) => JSON.parse(r.body ?? 'null'))).toEqual(bids);
    expect(StoredBidSchema.array().parse(JSON.parse(run.stdout))).toHaveLength(2);
  });

  it('auction show adds a firm MWh column once a forecast version gives firmMw', async () => {
    const other = (await broker.api('POST', '/v1/auctions', OPERATOR_KEY, { status: 201, schema: AuctionSchema },
      { zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 4, gateClosure })).id;
    await broker.api('PUT', `/v1/auctions/${other}/forecast`, OPERATOR_KEY, { status: 200, schema: ForecastSchema },
      ['interval,surplus_mw,reserve_price', '0,100,30', '1,100,30', '2,100,30', '3,100,30'].join('\n'));
    const plain = await cli(['auction', 'show', other], OPERATOR_KEY);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('firm MWh');
    await broker.api('PUT', `/v1/auctions/${other}/forecast`, OPERATOR_KEY, { status: 200, schema: ForecastSchema },
      ['interval,surplus_mw,reserve_price,firm_mw', '0,100,30,60', '1,100,30,70', '2,100,30,80', '3,100,30,90'].join('\n'));
    const shown = await cli(['auction', 'show', other], OPERATOR_KEY);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/version\s+created\s+intervals\s+surplus MWh\s+firm MWh\s+used for clearing/);
    expect(shown.stdout).toMatch(/\s400\s+300\s/); // version 2: 400 MWh of surplus, 300 of it firm
  });

  it('bids list shows the terms column: blocks firm and curves interruptible by default', async () => {
    const block = file('plain-block.json', { type: 'block', mw: 50, duration: 2, earliestStart: 0, latestStart: 2, price: 50, minAcceptanceRatio: 1 });
    expect((await cli(['bid', 'submit', auctionId, block], tenantKey)).code).toBe(0);
    const curve = file('plain-curve.json', { type: 'curve', from: 0, to: 4, steps: [{ mw: 100, price: 70 }] });
    expect((await cli(['bid', 'submit', auctionId, curve], minerKey)).code).toBe(0);
    const listed = await cli(['bids', 'list', auctionId], OPERATOR_KEY);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^id\s+bidder\s+class\s+type\s+mw\s+price\s+intervals\s+terms$/);
    expect(lines.find((l) => /tenant-5\s+ai\s+block\s+50\s+50\s/.test(l))).toMatch(/\sfirm$/);
    expect(lines.find((l) => l.includes('miner-7'))).toMatch(/\sinterruptible$/);
  });

  it('exits 2 with the field paths of invalid v2 fields, and stores nothing', async () => {
    const count = await bidCount();
    const bad = file('bad-v2.json', { type: 'block', mw: 10, duration: 2, earliestStart: 0, latestStart: 2, price: 90, minAcceptanceRatio: 1, firmness: 'solid', exclusiveGroup: '' });
    const run = await cli(['bid', 'submit', auctionId, bad], tenantKey);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTP 4\d\d/);
    expect(run.stderr).toMatch(/^\s+firmness: /m);
    expect(run.stderr).toMatch(/^\s+exclusiveGroup: /m);
    expect(run.stdout).toBe('');
    expect(await bidCount()).toBe(count);
  });

  it('bid patch sends one PATCH and prints the changed bid; a bad field exits 2, another\'s bid 1', async () => {
    const created = await cli(['bid', 'submit', auctionId, file('to-patch.json', { type: 'block', mw: 5, duration: 1, earliestStart: 0, latestStart: 3, price: 40, minAcceptanceRatio: 1 }), '--json'], tenantKey);
    const bidId = StoredBidSchema.parse(JSON.parse(created.stdout)).id;
    const before = sent.length;
    const patched = await cli(['bid', 'patch', auctionId, bidId, '--price', '41.5', '--json'], tenantKey);
    expect(patched.code, patched.stderr).toBe(0);
    expect(sent.slice(before)).toEqual([{ method: 'PATCH', path: `/v1/auctions/${auctionId}/bids/${bidId}`, body: '{"price":41.5}' }]);
    expect(StoredBidSchema.parse(JSON.parse(patched.stdout))).toMatchObject({ id: bidId, price: 41.5, mw: 5 });
    const table = await cli(['bid', 'patch', auctionId, bidId, '--file', file('patch.json', { minAcceptanceRatio: 0.5, latestStart: 2 })], tenantKey);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${bidId}\\s+tenant-5\\s+ai\\s+block\\s+5\\s+41\\.5\\s+1 from 0\\.\\.2\\s+firm`));
    const bad = await cli(['bid', 'patch', auctionId, bidId, '--file', file('bad-patch.json', { firmness: 'solid' })], tenantKey);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('firmness');
    const empty = await cli(['bid', 'patch', auctionId, bidId], tenantKey);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('nothing to change');
    const foreign = await cli(['bid', 'patch', auctionId, bidId, '--price', '1'], minerKey);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('HTTP 404');
  });

  it('result words a block\'s best start as its window and adds no firm columns to a book without firm capacity', async () => {
    const clear = await broker.app.request(`/v1/auctions/${auctionId}/clear`, {
      method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'cli-v2-clear' }, body: JSON.stringify({ force: true }),
    });
    expect(clear.status).toBeLessThan(300);
    let published;
    for (let attempt = 0; attempt < 120 && !published; attempt++) {
      const response = await broker.app.request(`/v1/auctions/${auctionId}/result`, { headers: { authorization: `Bearer ${tenantKey}` } });
      if (response.status === 200) published = ResultSchema.parse(await response.json());
      else await new Promise((r) => setTimeout(r, 500));
    }
    expect(published).toBeDefined();
    const run = await cli(['result', auctionId], tenantKey);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\ninterval\s+price\s+ai mw\s+mining mw\s+unsold mw\n/);
    expect(run.stdout).not.toContain('firm');
    // Every bid of tenant-5 not fully accepted is named with its reason in words, a block's best
    // start as its window (which reasons come out depends on the clearing; the words must match).
    const reasons = published!.bids.filter((b) => b.reason !== undefined);
    expect(reasons.length).toBeGreaterThan(0);
    expect(run.stdout).toContain(`not fully accepted (${reasons.length})`);
    const bids = BidPageSchema.parse(await broker.api('GET', `/v1/auctions/${auctionId}/bids`, tenantKey, { status: 200, schema: BidPageSchema })).items;
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const b of reasons) {
      const bid = bids.find((x) => x.id === b.id)!;
      const words = reasonInWords(reasonOf(b)!, { currency: 'USD', deliveryStart, intervalMinutes: 60, duration: bid.type === 'block' ? bid.duration : undefined });
      expect(run.stdout).toMatch(new RegExp(`${b.id}\\s+(rejected|partly)\\s+${escape(words)}\n`));
    }
    const windowed = reasons.filter((b) => b.bestStart !== undefined);
    expect(windowed.length, JSON.stringify(published!.bids)).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/ at (its best start )?\d\d:\d\d–\d\d:\d\d UTC\n/);
  });
});
