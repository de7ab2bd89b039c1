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
    expect(human.stdout.split('\n')[0]).toMatch(/^id\s+bidder\s+class\s+type\s+mw\s+price\s+intervals\s+terms$/);
    expect(human.stdout).toContain('70..52.5');
  });

  it('a rerun of the same bid file without --idempotency-key stores nothing twice; a new key submits it again', async () => {
    const created = await cli(['auction', 'create', '--zone', 'PK-RERUN', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '4', '--gate-closure', gateClosure, '--json']);
    const rerunAuction = AuctionSchema.parse(JSON.parse(created.stdout)).id;
    const file = join(dir, 'bids-no-key.json');
    const bid = { type: 'curve', from: 0, to: 2, steps: [{ mw: 5, price: 41 }] };
    writeFileSync(file, JSON.stringify([bid, bid]));
    const count = async () => BidPageSchema.parse(JSON.parse((await cli(['bids', 'list', rerunAuction, '--json'])).stdout)).items.length;
    for (let run = 0; run < 3; run++) {
      const out = await cli(['bid', 'submit', rerunAuction, file, '--json'], minerKey);
      expect(out.code, out.stderr).toBe(0);
    }
    // Two identical bids in one file are two bids (the position is part of the key).
    expect(await count()).toBe(2);
    expect((await cli(['bid', 'submit', rerunAuction, file, '--idempotency-key', 'again-1'], minerKey)).code).toBe(0);
    expect(await count()).toBe(4);
  });

  it('| head: the CLI ends quietly when the reader goes away (EPIPE), exit 0 and nothing on stderr', async () => {
    const book = {
      format: 'surplus-auction/v1', auction: { id: 'EPIPE', zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, currency: 'USD', pricing: 'uniform' },
      intervals: Array.from({ length: 4 }, () => ({ surplusMw: 500, reservePrice: 30 })),
      bids: Array.from({ length: 4000 }, (_, i) => ({ id: `b-${i}`, bidder: `m-${i}`, class: 'mining', type: 'curve', from: 0, to: 4, steps: [{ mw: 1, price: 31 + (i % 50) }] })),
    };
    const file = join(dir, 'big-book.json');
    writeFileSync(file, JSON.stringify(book));
    // The result (≈ 300 KB) is far more than a pipe holds, so the writer sees the reader go away.
    const run = await new Promise<Run>((resolve) => {
      execFile('/bin/bash', ['-c', `set -o pipefail; node bin/broker.js clear '${file}' | head -c 1 >/dev/null`], { cwd: process.cwd(), timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
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
    // A step under the reserve: the result's table names it and says why (SPEC §2 reasons).
    const cheap = join(dir, 'cheap.json');
    writeFileSync(cheap, JSON.stringify({ type: 'curve', from: 0, to: 2, steps: [{ mw: 5, price: 10 }] }));
    const cheapBid = await cli(['bid', 'submit', auctionId, cheap, '--json'], minerKey);
    expect(cheapBid.code, cheapBid.stderr).toBe(0);
    const cheapId = (JSON.parse(cheapBid.stdout) as { id: string }).id;
    const cleared = await cli(['clear', auctionId, '--force']);
    expect(cleared.code, cleared.stderr).toBe(0);
    const text = await cli(['result', auctionId], minerKey);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('not fully accepted (1)');
    expect(text.stdout).toMatch(new RegExp(`${cheapId}\\s+rejected\\s+priced below the reserve price`));
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
    // --rows: the broker's CSV of one row per bid and interval, every page, the header once.
    const rows = await cli(['result', auctionId, '--rows'], minerKey);
    expect(rows.code, rows.stderr).toBe(0);
    const lines = rows.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^auction_id,bidder_id,bid_id,class,type,interval,interval_start,interval_start_local,/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.split(',')[1] === 'miner-7')).toBe(true);
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

  it('prices: the published intervals of the zone as a table, JSON and CSV; a missing flag is a usage error', async () => {
    const published = ResultSchema.parse(await (await broker.app.request(`/v1/auctions/${auctionId}/result`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).json());
    const to = new Date(Date.parse(deliveryStart) + 4 * HOUR).toISOString();
    const json = await cli(['prices', '--zone', 'PK-NORTH', '--from', deliveryStart, '--to', to, '--json'], minerKey);
    expect(json.code, json.stderr).toBe(0);
    const rows = (JSON.parse(json.stdout) as { items: { auctionId: string; price: number; aiMw: number; miningMw: number; unallocatedMw: number }[] }).items.filter((r) => r.auctionId === auctionId);
    expect(rows.map(({ price, aiMw, miningMw, unallocatedMw }) => ({ price, aiMw, miningMw, unallocatedMw }))).toEqual(published.intervals);
    const csv = await cli(['prices', '--zone', 'PK-NORTH', '--from', deliveryStart, '--to', to, '--csv'], minerKey);
    expect(csv.stdout.split('\n')[0]).toBe('auctionId,interval,startUtc,startLocal,currency,price,aiMw,miningMw,unallocatedMw');
    expect(csv.stdout.trim().split('\n').filter((l) => l.startsWith(`${auctionId},`))).toHaveLength(published.intervals.length);
    const table = await cli(['prices', '--zone', 'PK-NORTH', '--from', deliveryStart, '--to', to], minerKey);
    expect(table.stdout.split('\n')[0]).toMatch(/^auction\s+interval\s+start \(UTC\)/);
    const missing = await cli(['prices', '--from', deliveryStart, '--to', to], minerKey);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--zone');
    const bad = await cli(['prices', '--zone', 'PK-NORTH', '--from', to, '--to', deliveryStart], minerKey);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('to');
  });

  it('after a curtailment: events lists the bidder\'s own notices and a cursor for newer ones', async () => {
    const cut = await broker.app.request(`/v1/auctions/${auctionId}/curtailments`, {
      method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ intervals: [{ index: 2, surplusMw: 10 }] }),
    });
    expect(cut.status).toBeLessThan(300);
    const listed = await cli(['events', '--json'], minerKey);
    expect(listed.code, listed.stderr).toBe(0);
    const feed = JSON.parse(listed.stdout) as { events: { bidderId: string; auctionId: string }[]; cursor?: string };
    expect(feed.events.length).toBeGreaterThan(0);
    expect(feed.events.every((e) => e.bidderId === 'miner-7' && e.auctionId === auctionId)).toBe(true);
    const newer = await cli(['events', '--after', feed.cursor!, '--json'], minerKey);
    expect(JSON.parse(newer.stdout).events).toEqual([]);
    const table = await cli(['events'], minerKey);
    expect(table.stdout.split('\n')[0]).toMatch(/^event\s+auction\s+version\s+notice time\s+intervals\s+MW cut$/);
  });

  it('keys list shows every key without a secret; keys revoke cuts one off', async () => {
    const created = await cli(['keys', 'create', '--role', 'bidder', '--bidder-id', 'miner-revoke', '--classes', 'mining', '--json']);
    const made = JSON.parse(created.stdout) as { keyId: string; key: string };
    const listed = await cli(['keys', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const items = (JSON.parse(listed.stdout) as { items: { keyId: string; status: string }[] }).items;
    expect(items.find((k) => k.keyId === made.keyId)?.status).toBe('active');
    expect(listed.stdout).not.toContain(made.key);
    const table = await cli(['keys', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^key id\s+status\s+role\s+bidder\s+classes\s+created\s+last used\s+expires$/);
    expect((await cli(['keys', 'list'], minerKey)).code).toBe(1);
    // Rotation: the new secret works at once, the old one through its grace, the bootstrap key refuses.
    const rotated = await cli(['keys', 'rotate', made.keyId, '--grace', '600']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const newKey = /new secret \(shown once\): (\S+)/.exec(rotated.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect((await cli(['bids', 'list', auctionId], newKey)).code).toBe(0);
    expect((await cli(['bids', 'list', auctionId], made.key)).code).toBe(0);
    const badGrace = await cli(['keys', 'rotate', made.keyId, '--grace', '90000']);
    expect(badGrace.code).toBe(2);
    const revoked = await cli(['keys', 'revoke', made.keyId]);
    expect(revoked.stdout).toBe(`key ${made.keyId} revoked\n`);
    for (const key of [made.key, newKey!]) {
      const refused = await cli(['bids', 'list', auctionId], key);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('HTTP 401');
    }
  });

  it('webhook set prints the secret once; get never shows it; delete removes it', async () => {
    const set = await cli(['webhook', 'set', 'https://receiver.example.net/hook'], minerKey);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/signing secret whsec_/);
    const got = await cli(['webhook', 'get', '--json'], minerKey);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ bidderId: 'miner-7', url: 'https://receiver.example.net/hook' });
    expect(got.stdout).not.toContain('whsec_');
    expect((await cli(['webhook', 'delete'], minerKey)).stdout).toBe('webhook removed\n');
    const gone = await cli(['webhook', 'get'], minerKey);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('HTTP 404');
  });

  it('auctions list filters; auction show prints UTC with the local time; bid cancel removes one\'s own bid', async () => {
    const zoned = await cli(['auction', 'create', '--zone', 'PK-TZ', '--delivery-start', deliveryStart, '--interval-minutes', '60', '--interval-count', '4', '--gate-closure', gateClosure, '--time-zone', 'Asia/Karachi', '--json']);
    expect(zoned.code, zoned.stderr).toBe(0);
    const zonedId = AuctionSchema.parse(JSON.parse(zoned.stdout)).id;
    const listed = await cli(['auctions', 'list', '--zone', 'PK-TZ', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([zonedId]);
    const table = await cli(['auctions', 'list', '--zone', 'PK-TZ', '--status', 'open']);
    expect(table.stdout).toContain('Asia/Karachi');
    expect(table.stdout).toMatch(/GMT\+5/);
    const bad = await cli(['auctions', 'list', '--status', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('status');
    const shown = await cli(['auction', 'show', zonedId]);
    expect(shown.code, shown.stderr).toBe(0);
    // deliveryStart is a whole UTC hour: the same minute five hours later in Karachi.
    expect(shown.stdout).toContain(`${deliveryStart} (`);
    expect(shown.stdout).toContain(`${String((new Date(deliveryStart).getUTCHours() + 5) % 24).padStart(2, '0')}:00 GMT+5)`);
    expect(shown.stdout).toContain('no forecast yet');
    const file = join(dir, 'cancel-me.json');
    writeFileSync(file, JSON.stringify({ type: 'curve', from: 0, to: 2, steps: [{ mw: 3, price: 40 }] }));
    const submitted = await cli(['bid', 'submit', zonedId, file, '--json'], minerKey);
    const bidId = (JSON.parse(submitted.stdout) as { id: string }).id;
    expect((await cli(['bid', 'cancel', zonedId, bidId], OPERATOR_KEY)).code).toBe(1);
    const cancelled = await cli(['bid', 'cancel', zonedId, bidId], minerKey);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe(`bid ${bidId} cancelled\n`);
    expect(BidPageSchema.parse(JSON.parse((await cli(['bids', 'list', zonedId, '--json'])).stdout)).items).toEqual([]);
    expect((await cli(['bid', 'cancel', zonedId, bidId], minerKey)).code).toBe(1);
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
