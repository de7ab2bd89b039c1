// The CLI's output for market design v2 (issue #10): bid terms, firm figures per interval, reasons
// in words with the block's window, indexed step prices, and `bid patch`'s flags. The result is
// the real engine's on the v2 fixture book.
import { beforeAll, describe, expect, it } from 'vitest';
import { bidRow, BID_HEADERS } from '../../apps/cli/commands/bids-list';
import { hasFirmFigures, reasonsText, resultCsv, resultText, stepPricesText } from '../../apps/cli/commands/result';
import { bidPatch } from '../../apps/cli/commands/bid-patch';
import { findCommand } from '../../apps/cli/registry';
import type { StoredBid } from '../../schemas/api/bids';
import type { ClearingResult } from '../../schemas/result';
import { clearV2Fixture, V2_BOOK, V2_STAMPS, V2_STORED_BIDS } from '../e2e/support/fixture-v2';
import { FIXTURE_RESULT } from '../e2e/support/fixture';
import { runCommand } from '../../apps/cli/run';

let result: ClearingResult;
const stamps = { auctionId: V2_BOOK.auction.id, ...V2_STAMPS };
const stored = (id: string): StoredBid => V2_STORED_BIDS.find((b) => b.id === id)!;
const ctx = { currency: 'USD', deliveryStart: V2_BOOK.auction.deliveryStart, intervalMinutes: 60, timeZone: 'Asia/Karachi' };

beforeAll(async () => {
  result = await clearV2Fixture();
});

describe('bids list: the terms column', () => {
  it('summarises firmness, group, parent, profile and index; blocks default firm, curves interruptible', () => {
    expect(BID_HEADERS.at(-1)).toBe('terms');
    expect(bidRow(stored('ai-a')).at(-1)).toBe('firm');
    expect(bidRow(stored('site-a')).at(-1)).toBe('interruptible · group campus');
    expect(bidRow(stored('phase-2')).at(-1)).toBe('interruptible · child of phase-1');
    const ramp = bidRow(stored('ramp'));
    expect(ramp.at(-1)).toBe('interruptible · profile 5 intervals');
    expect(ramp[4]).toBe('5→20');
    expect(bidRow(stored('hash-1')).at(-1)).toBe('interruptible · hashprice-indexed (1 of 2 steps)');
    expect(bidRow(stored('cheap-1')).at(-1)).toBe('interruptible');
  });
});

describe('result: firm figures and reasons in words', () => {
  it('adds firm price, firm MW and at-risk MW columns only when the result has them', () => {
    expect(hasFirmFigures(result)).toBe(true);
    const text = resultText(result);
    expect(text).toMatch(/interval\s+price\s+ai mw\s+mining mw\s+unsold mw\s+firm price\s+firm mw\s+at-risk mw/);
    expect(text).toMatch(/\n\s+4\s+93\.75\s+75\s+25\s+0\s+127\.031\s+40\s+60\n/);
    expect(hasFirmFigures(FIXTURE_RESULT)).toBe(false);
    expect(resultText(FIXTURE_RESULT)).not.toContain('firm');
    const csv = resultCsv(result).split('\n');
    expect(csv[0]).toBe('interval,price,ai_mw,mining_mw,unallocated_mw,firm_price,firm_mw,at_risk_mw');
    expect(csv[5]).toBe('4,93.75,75,25,0,127.03125,40,60');
    expect(resultCsv(FIXTURE_RESULT).split('\n')[0]).toBe('interval,price,ai_mw,mining_mw,unallocated_mw');
  });

  it('words every reason the engine gave, a block\'s best start as its local window', () => {
    const durations = new Map(V2_BOOK.bids.flatMap((b) => (b.type === 'block' ? [[b.id, b.duration] as const] : [])));
    const text = reasonsText(result, ctx, durations);
    const why = (id: string) => new RegExp(`\\n${id}\\s+(rejected|partly)\\s+(.*)\\n`).exec(text)?.[2];
    expect(why('ai-b')).toBe('no room where it could run: at every start the block is larger than the surplus (or, firm, than the firm capacity left)');
    expect(why('site-b')).toBe('another block of its exclusive group was accepted (site-a)');
    expect(why('phase-2')).toBe('its parent block was rejected');
    expect(why('phase-1')).toBe('priced below the reserve price');
    expect(why('hash-1')).toBe('at the clearing price: partly filled, shared pro rata');
    // late: 50 MW × 4 h from interval 0 (05:00 in Karachi) at 30 against 40 → 2,000 short.
    expect(why('late')).toBe('out of the money by 2,000.00 USD at its best start 05:00–09:00 GMT+5');
    // Without the durations the start alone is named.
    expect(reasonsText(result, ctx)).toContain('out of the money by 2,000.00 USD at its best start 05:00 GMT+5');
  });

  it('lists the effective price of each indexed step', () => {
    expect(stepPricesText(result)).toMatch(/hash-1\s+93\.75, 40/);
    expect(stepPricesText(FIXTURE_RESULT)).toBe('');
  });
});

describe('result AUCTION: block durations for the windows', () => {
  const auction = { ...V2_BOOK.auction, intervalCount: 8, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared', forecastVersion: 1, ...V2_STAMPS };
  async function run(served: ClearingResult, bids: StoredBid[]) {
    const paths: string[] = [];
    const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
    const fetch = async (url: string) => {
      const path = url.replace('http://broker', '');
      paths.push(path.split('?')[0]!);
      if (path.endsWith('/result')) return json(served);
      if (path.includes('/bids?')) return json({ items: bids });
      const one = /\/bids\/([^/?]+)$/.exec(path)?.[1];
      if (one) return json(bids.find((b) => b.id === decodeURIComponent(one)));
      return json(auction);
    };
    let stdout = '';
    const io = { stdout: (t: string) => { stdout += t; }, stderr: () => undefined, stderrIsTTY: false, readFile: async () => '', writeFile: async () => undefined };
    const code = await runCommand(findCommand(['result', 'X'])!.command, [V2_BOOK.auction.id], { io, config: { broker: { ok: true, settings: { url: 'http://broker', key: 'k' } } }, fetch });
    return { code, paths, stdout };
  }

  it('reads the few blocks it needs one by one, and lists every bid when there are many', async () => {
    const few = await run(result, V2_STORED_BIDS);
    expect(few.code).toBe(0);
    expect(few.paths.filter((p) => p.includes('/bids'))).toEqual([`/v1/auctions/${V2_BOOK.auction.id}/bids/late`]);
    expect(few.stdout).toContain('out of the money by 2,000.00 USD at its best start 05:00–09:00 GMT+5');
    const late = result.bids.find((b) => b.id === 'late')!;
    const lateBid = V2_STORED_BIDS.find((b) => b.id === 'late')!;
    const many = Array.from({ length: 25 }, (_, i) => `late-${i}`);
    const served = { ...result, bids: many.map((id) => ({ ...late, id })) };
    const listed = await run(served, many.map((id) => ({ ...lateBid, id })));
    expect(listed.paths.filter((p) => p.includes('/bids'))).toEqual([`/v1/auctions/${V2_BOOK.auction.id}/bids`]);
    expect(listed.stdout.match(/at its best start 05:00–09:00 GMT\+5/g)).toHaveLength(25);
  });
});

describe('bid patch', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, stderrIsTTY: false, readFile: async () => '{"profile":[5,10],"exclusiveGroup":"campus"}', writeFile: async () => undefined } };
  };

  it('is registered as `bid patch` and sends the file merged with the flags as one PATCH', async () => {
    expect(findCommand(['bid', 'patch', 'A', 'B'])?.command).toBe(bidPatch);
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', url, body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ ...V2_BOOK.bids.find((b) => b.id === 'site-a'), ...stamps, price: 91 }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const { out, io: cliIo } = io();
    const code = await runCommand(bidPatch, ['AUC', 'site-a', '--file', 'p.json', '--price', '91', '--firmness', 'interruptible'], { io: cliIo, config: { broker: { ok: true, settings: { url: 'http://broker', key: 'k' } } }, fetch });
    expect(code, out.stderr).toBe(0);
    expect(calls).toEqual([{ method: 'PATCH', url: 'http://broker/v1/auctions/AUC/bids/site-a', body: { profile: [5, 10], exclusiveGroup: 'campus', price: 91, firmness: 'interruptible' } }]);
    expect(out.stdout).toMatch(/site-a\s+tenant-5\s+ai\s+block\s+30\s+91\s+4 from 0\.\.4\s+interruptible · group campus/);
  });

  it('refuses bad flags and an empty patch with exit 2 before calling the broker', async () => {
    const fetch = async () => { throw new Error('must not be called'); };
    for (const args of [['A', 'B'], ['A', 'B', '--price', '12abc'], ['A', 'B', '--firmness', 'solid']]) {
      const { out, io: cliIo } = io();
      expect(await runCommand(bidPatch, args, { io: cliIo, config: { broker: { ok: true, settings: { url: 'http://broker', key: 'k' } } }, fetch })).toBe(2);
      expect(out.stderr).toMatch(/nothing to change|--price must be a number|--firmness must be firm or interruptible/);
    }
  });
});
