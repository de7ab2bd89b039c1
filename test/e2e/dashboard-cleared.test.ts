// A cleared auction on the real broker, in real headless Chromium: the operator forces clearing
// through the API, then the page must draw one stacked bar per interval with exactly the numbers
// of GET /v1/auctions/{id}/result, and the same welfare, bound and gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AuctionSchema } from '../../schemas/api/auctions';
import { CreatedKeySchema } from '../../schemas/api/keys';
import { BidPageSchema as StoredBidPageSchema, StoredBidSchema } from '../../schemas/api/bids';
import { reasonInWords, reasonOf } from '../../lib/clearing/reason-words';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { ResultSchema, type ClearingResult } from '../../schemas/result';
import { EventsPageSchema } from '../../schemas/lifecycle';
import { launchChromium, screenshotPath } from './support/browser';
import { OPERATOR_KEY, startBroker, type Broker } from './support/broker';
import { probeBars } from './support/chart-probe';
import { clippedElements } from './support/layout-probe';

let broker: Broker;
let browser: Browser;
let auctionId: string;
let result: ClearingResult;
let minerKey: string;
let minerBidIds: string[];

const HOUR = 3600_000;
const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();

async function signedIn(key: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${broker.server.url}/dashboard/sign-in`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL('**/dashboard/auctions'), page.click('button[type=submit]')]);
  return page;
}

beforeAll(async () => {
  broker = await startBroker();
  browser = await launchChromium();
  const key = async (bidderId: string, classes: string[]) => (await broker.api('POST', '/v1/keys', OPERATOR_KEY, { status: 201, schema: CreatedKeySchema }, { role: 'bidder', bidderId, classes })).key;
  minerKey = await key('miner-7', ['mining']);
  const tenantKey = await key('tenant-3', ['ai']);
  auctionId = (await broker.api('POST', '/v1/auctions', OPERATOR_KEY, { status: 201, schema: AuctionSchema },
    { zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 8, gateClosure })).id;
  const csv = ['interval,surplus_mw,reserve_price', ...[2000, 2000, 1800, 1600, 1600, 1800, 2000, 2000].map((mw, i) => `${i},${mw},${i < 4 ? 30 : 35}`)].join('\n');
  await broker.api('PUT', `/v1/auctions/${auctionId}/forecast`, OPERATOR_KEY, { status: 200, schema: ForecastSchema }, csv);
  const bid = async (k: string, body: unknown) => (await broker.api('POST', `/v1/auctions/${auctionId}/bids`, k, { status: 201, schema: StoredBidSchema }, body)).id;
  minerBidIds = [
    await bid(minerKey, { type: 'curve', from: 0, to: 8, steps: [{ mw: 900, price: 70 }, { mw: 400, price: 52.5 }] }),
    await bid(minerKey, { type: 'curve', from: 2, to: 6, steps: [{ mw: 300, price: 33 }] }),
  ];
  await bid(tenantKey, { type: 'block', mw: 600, duration: 4, earliestStart: 0, latestStart: 4, price: 95, minAcceptanceRatio: 1 });
  await bid(tenantKey, { type: 'block', mw: 500, duration: 8, earliestStart: 0, latestStart: 0, price: 41, minAcceptanceRatio: 1 });
  const clear = await broker.app.request(`/v1/auctions/${auctionId}/clear`, {
    method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-clear' }, body: JSON.stringify({ force: true }),
  });
  expect(clear.status, await clear.clone().text()).toBeLessThan(300);
  for (let attempt = 0; attempt < 120; attempt++) {
    const response = await broker.app.request(`/v1/auctions/${auctionId}/result`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
    if (response.status === 200) { result = ResultSchema.parse(await response.json()); break; }
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(result).toBeDefined();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await broker?.close();
});

describe('a cleared auction in Chromium against the real broker', () => {
  it('draws one stacked bar per interval with GET /result\'s numbers and shows its welfare, bound and gap', async () => {
    const page = await signedIn(OPERATOR_KEY);
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    await page.waitForSelector('#split-chart[data-bars] canvas');
    const probe = await probeBars(page);
    expect(probe.bars).toBe(8);
    expect(result.intervals).toHaveLength(8);
    const expected = result.intervals.flatMap((iv, i) => ([['ai', iv.aiMw], ['mining', iv.miningMw], ['unsold', iv.unallocatedMw]] as const)
      .filter(([, mw]) => mw > 0).map(([segment]) => ({ interval: i, segment })));
    expect(probe.segments.map(({ interval, segment }) => ({ interval, segment }))).toEqual(expected);
    for (const segment of probe.segments) expect(segment.matches, JSON.stringify(segment)).toBeGreaterThanOrEqual(2);
    expect(probe.gapsWithBarColour).toBe(0);
    const figure = async (name: string) => Number(await page.getAttribute(`[data-figure="${name}"]`, 'data-value'));
    expect(await figure('welfare')).toBe(result.welfare);
    expect(await figure('bound')).toBe(result.bound);
    expect(await figure('gap')).toBe(result.bound - result.welfare);
    for (const [i, iv] of result.intervals.entries()) {
      for (const column of ['price', 'aiMw', 'miningMw', 'unallocatedMw'] as const) {
        expect(Number(await page.getAttribute(`tr[data-interval="${i}"] td[data-col="${column}"]`, 'data-value'))).toBe(iv[column]);
      }
    }
    // Every bid not fully accepted says why, in the words of its result's reason (SPEC §2).
    const withReason = result.bids.filter((b) => b.reason !== undefined);
    expect(withReason.length).toBeGreaterThan(0);
    const auction = AuctionSchema.parse(await (await broker.app.request(`/v1/auctions/${auctionId}`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).json());
    const bids = StoredBidPageSchema.parse(await (await broker.app.request(`/v1/auctions/${auctionId}/bids`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).json()).items;
    for (const b of result.bids) {
      const cell = page.locator(`#bids tr[data-bid="${b.id}"] td[data-reason]`);
      expect(await cell.getAttribute('data-reason')).toBe(b.reason ?? '');
      const reason = reasonOf(b);
      const bid = bids.find((x) => x.id === b.id)!;
      const words = reason ? reasonInWords(reason, { ...auction, duration: bid.type === 'block' ? bid.duration : undefined }) : '';
      expect((await cell.textContent())?.trim()).toBe(words);
    }
    await page.screenshot({ path: screenshotPath('auction-cleared-operator.png'), fullPage: true });
  });

  it('shows a bidder its own allocations only', async () => {
    const page = await signedIn(minerKey);
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    await page.waitForSelector('#split-chart[data-bars]');
    expect((await page.$$eval('#bids tbody tr', (rows) => rows.map((r) => r.getAttribute('data-bid')))).sort()).toEqual([...minerBidIds].sort());
    expect(await page.content()).not.toContain('tenant-3');
  });

  it('puts a curtailment on the bidder\'s timeline, as its notice at /v1/events says', async () => {
    const cut = await broker.app.request(`/v1/auctions/${auctionId}/curtailments`, {
      method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-cut' },
      body: JSON.stringify({ intervals: [{ index: 6, surplusMw: 500 }, { index: 7, surplusMw: 500 }] }),
    });
    expect(cut.status, await cut.clone().text()).toBe(200);
    const events = EventsPageSchema.parse(await (await broker.app.request('/v1/events', { headers: { authorization: `Bearer ${minerKey}` } })).json());
    const notice = events.events.find((event) => event.auctionId === auctionId);
    expect(notice?.intervals.map((iv) => iv.index)).toEqual([6, 7]);
    const page = await signedIn(minerKey);
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    expect(await page.locator('[data-testid="curtailment-timeline"] rect.mark').count()).toBe(2);
    const curtailedMwh = notice!.intervals.reduce((sum, iv) => sum + iv.mwBefore - iv.mwAfter, 0) * 1; // 60-minute intervals
    expect(await page.textContent(`li[data-notice="${notice!.eventId}"]`)).toContain(`2 interval(s), ${curtailedMwh.toLocaleString('en-US')} MWh curtailed`);
    await page.screenshot({ path: screenshotPath('auction-curtailed-bidder.png'), fullPage: true });
    // The operator's page: the curtailment in the log (who asked, what it revised, what it cut),
    // every bidder's cut on the timeline, and the revised surplus in the interval numbers.
    // At a desktop and a phone size; the chart draws the revised surplus line.
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const operator = await signedIn(OPERATOR_KEY, viewport);
      await operator.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
      const log = await operator.textContent('[data-testid="curtailment-log"] li[data-version="1"]');
      expect(log).toContain('by key_bootstrap');
      expect(log).toContain('intervals 6 → 500 MW, 7 → 500 MW');
      expect(await operator.locator(`li[data-notice="${notice!.eventId}"]`).count()).toBe(1);
      for (const i of [6, 7]) expect(Number(await operator.getAttribute(`tr[data-interval="${i}"] td[data-col="revisedSurplusMw"]`, 'data-value'))).toBe(500);
      await operator.waitForSelector('#split-chart[data-bars] canvas');
      expect(await operator.getAttribute('#split-chart', 'data-series')).toContain('Revised MW');
      await operator.screenshot({ path: screenshotPath(`auction-curtailed-operator-${viewport.width}.png`), fullPage: true });
    }
  });

  it('shows the auction on the public page without a key: the chart drawn from the public numbers, no bidder names', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${broker.server.url}/public`);
    await Promise.all([page.waitForURL(`**/public/auction/${auctionId}`), page.click(`tr[data-auction="${auctionId}"] a`)]);
    await page.waitForSelector('#split-chart[data-bars] canvas');
    expect((await probeBars(page)).bars).toBe(result.intervals.length);
    // The legend names only series with data: the public numbers have no forecast or reserve.
    const legend = await page.$$eval('.u-legend .u-series .u-label', (labels) => labels.map((l) => l.textContent));
    expect(legend).toEqual(['Interval', 'Unsold MW', 'Mining MW', 'AI MW', 'Clearing price']);
    expect(await page.getAttribute('#split-chart', 'data-series')).toBe('Unsold MW|Mining MW|AI MW|Clearing price');
    expect(await page.textContent('[data-testid="digest"]')).toBe(result.inputDigest);
    const html = await page.content();
    for (const name of ['miner-7', 'tenant-3', ...minerBidIds]) expect(html).not.toContain(name);
    expect(errors).toEqual([]);
    await page.screenshot({ path: screenshotPath('public-auction.png'), fullPage: true });
    await page.context().close();
  });

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`cuts off no cell or badge at ${viewport.width}×${viewport.height} (operator and bidder, list and auction pages)`, async () => {
      for (const [who, key] of [['operator', OPERATOR_KEY], ['bidder', minerKey]] as const) {
        const page = await signedIn(key, viewport);
        await page.waitForLoadState('load');
        expect(await clippedElements(page), `${who} auctions list`).toEqual([]);
        await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
        await page.waitForSelector('#split-chart[data-bars]');
        await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; }); window.dispatchEvent(new Event('resize'))`);
        expect(await clippedElements(page), `${who} auction page`).toEqual([]);
        if (viewport.width === 1440) {
          // On a laptop every table fits: nothing needs a sideways scroll.
          expect(await page.$$eval('.table-wrap[data-overflow] table', (t) => t.map((x) => x.id))).toEqual([]);
        }
        await page.screenshot({ path: screenshotPath(`auction-${who}-${viewport.width}.png`), fullPage: true });
        await page.context().close();
      }
    });
  }
});
