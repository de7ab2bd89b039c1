// The `broker` CLI against the real local broker: `node bin/broker.js …` (the compiled bundle in
// dist/cli, built by the tests' globalSetup) in a child process, with BROKER_URL/BROKER_KEY
// pointing at createApp + DynamoDB Local served on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuctionSchema } from '../../schemas/api/auctions';
import { BidPageSchema } from '../../schemas/api/bids';
import { ResultSchema } from '../../schemas/result';
import { SettlementSchema } from '../../schemas/lifecycle';
import { OPERATOR_KEY, startBroker, type Broker } from '../e2e/support/broker';

let broker: Broker;
let dir: string;

interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI asynchronously (the server lives in this process, so it must keep serving). */
function cli(args: string[], key: string | null = OPERATOR_KEY, url?: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, BROKER_URL: url ?? broker.server.url };
  if (key === null) delete env.BROKER_KEY; else env.BROKER_KEY = key;
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/broker.js', ...args], { env, cwd: process.cwd(), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const HOUR = 3600_000;
const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();
let auctionId: string;
let minerKey: string;

beforeAll(async () => {
  broker = await startBroker();
  dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await broker?.close();
});

describe('broker CLI against the local broker', () => {
  it('creates a bidder key that the API then accepts (keys create)', async () => {
    const run = await cli(['keys', 'create', '--role', 'bidder', '--bidder-id', 'miner-7', '--classes', 'mining']);
    expect(run.code, run.stderr).toBe(0);
    minerKey = run.stdout.trim();
    expect(run.stderr).toContain('shown once');
    const me = await broker.app.request('/v1/me', { headers: { authorization: `Bearer ${minerKey}` } });
    expect(await me.json()).toMatchObject({ role: 'bidder', bidderId: 'miner-7', classes: ['mining'] });
  });

  it('opens an auction (auction create) and uploads a CSV forecast (forecast upload)', async () => {
    const run = await cli(['auction', 'create', '--zone', 'PK-NORTH', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '4', '--gate-closure', gateClosure, '--json']);
    expect(run.code, run.stderr).toBe(0);
    auctionId = AuctionSchema.parse(JSON.parse(run.stdout)).id;
    const table = await cli(['auction', 'create', '--zone', 'PK-SOUTH', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '4', '--gate-closure', gateClosure]);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+status\s+zone/);
    expect(table.stdout).toContain('open');
    const csv = join(dir, 'forecast.csv');
    writeFileSync(csv, 'interval,surplus_mw,reserve_price\n0,2000,30\n1,2000,30\n2,1500,35\n3,1500,35\n');
    const upload = await cli(['forecast', 'upload', auctionId, csv]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stdout).toBe(`forecast version 1 stored for ${auctionId}\n`);
  });

  it('submits bids from a file once per idempotency key and lists them (bid submit, bids list)', async () => {
    const file = join(dir, 'bids.json');
    writeFileSync(file, JSON.stringify([
      { type: 'curve', from: 0, to: 4, steps: [{ mw: 40, price: 70 }, { mw: 25, price: 52.5 }] },
      { type: 'curve', from: 1, to: 3, steps: [{ mw: 10, price: 45 }] },
    ]));
    const first = await cli(['bid', 'submit', auctionId, file, '--idempotency-key', 'cli-test-1'], minerKey);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split('\n').filter((line) => line.includes('miner-7'))).toHaveLength(2);
    const again = await cli(['bid', 'submit', auctionId, file, '--idempotency-key', 'cli-test-1'], minerKey);
    expect(again.code, again.stderr).toBe(0);
    const listed = await cli(['bids', 'list', auctionId, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const page = BidPageSchema.parse(JSON.parse(listed.stdout));
    expect(page.items).toHaveLength(2);
    const human = await cli(['bids', 'list', auctionId], minerKey);
    expect(human.stdout.split('\n')[0]).toMatch(/^id\s+bidder\s+class\s+type\s+mw\s+price\s+intervals$/);
    expect(human.stdout).toContain('70..52.5');
  });

  it('exits 2 with the problem\'s field paths for an invalid bid, and stores nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ type: 'curve', from: 0, to: 4, steps: [{ mw: -5, price: 70 }] }));
    const run = await cli(['bid', 'submit', auctionId, file], minerKey);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTP 4\d\d/);
    expect(run.stderr).toContain('steps[0].mw');
    expect(run.stdout).toBe('');
    const listed = await cli(['bids', 'list', auctionId, '--json']);
    expect(BidPageSchema.parse(JSON.parse(listed.stdout)).items).toHaveLength(2);
  });

  it('waits for a clearing that fails and exits 1 with the auction\'s failure reason (clear AUCTION --force)', async () => {
    const created = await cli(['auction', 'create', '--zone', 'PK-NORTH', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '2', '--gate-closure', gateClosure, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const noForecast = AuctionSchema.parse(JSON.parse(created.stdout)).id;
    const run = await cli(['clear', noForecast, '--force']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed: .*no forecast/);
  });

  it('clears on the broker (clear AUCTION --force), then prints the published result and settlement', async () => {
    const refused = await cli(['clear', auctionId], minerKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 403');
    const cleared = await cli(['clear', auctionId, '--force']);
    expect(cleared.code, cleared.stderr).toBe(0);
    const served = await broker.app.request(`/v1/auctions/${auctionId}/result`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
    expect(served.status).toBe(200);
    const published = ResultSchema.parse(await served.json());
    expect(cleared.stdout).toContain(published.inputDigest);
    const json = await cli(['result', auctionId, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(ResultSchema.parse(JSON.parse(json.stdout))).toEqual(published);
    const csv = await cli(['result', auctionId, '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(published.intervals.length + 1);
    const operator = await cli(['settlement', auctionId, '--json']);
    expect(operator.code, operator.stderr).toBe(0);
    expect(SettlementSchema.parse(JSON.parse(operator.stdout)).totals).toBeDefined();
    const bidder = await cli(['settlement', auctionId, '--json'], minerKey);
    expect(bidder.code, bidder.stderr).toBe(0);
    const statement = SettlementSchema.parse(JSON.parse(bidder.stdout));
    expect(statement.statements.every((s) => s.bidderId === 'miner-7')).toBe(true);
    expect(statement.totals).toBeUndefined();
    const bidderCsv = await cli(['settlement', auctionId, '--csv'], minerKey);
    expect(bidderCsv.code, bidderCsv.stderr).toBe(0);
    expect(bidderCsv.stdout).not.toContain('tenant');
  });

  it('exits 1 on a refused key or an unreachable broker, 2 on usage errors', async () => {
    const refused = await cli(['bids', 'list', auctionId], 'sb_wrong_key_0123456789');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 401');
    const forbidden = await cli(['auction', 'create', '--zone', 'X', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '4', '--gate-closure', gateClosure], minerKey);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('HTTP 403');
    const unreachable = await cli(['bids', 'list', auctionId], OPERATOR_KEY, 'http://127.0.0.1:9');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the broker');
    const noKey = await cli(['bids', 'list', auctionId], null);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('BROKER_KEY');
    const missingFile = await cli(['bid', 'submit', auctionId, join(dir, 'nope.json')], minerKey);
    expect(missingFile.code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
  });
});
