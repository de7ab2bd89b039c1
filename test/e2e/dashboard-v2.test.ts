// A cleared market-design-v2 auction in real headless Chromium (issue #10). The dashboard is the
// real one; behind it the stand-in API serves the v2 fixture book and the result the real engine
// cleared it to (the broker's API does not take the v2 bid fields yet, so a real auction cannot
// carry them end to end). The page must show the firm price, firm MW and at-risk MW per interval
// with exactly the result's numbers, draw the firm price on the chart, and word each reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { createDashboard } from '../../lib/dashboard/app';
import { reasonInWords, reasonOf } from '../../lib/clearing/reason-words';
import type { ClearingResult } from '../../schemas/result';
import { createStubApi } from './support/stub-api';
import { clearV2Fixture, V2_BOOK, V2_STORED_BIDS } from './support/fixture-v2';
import { launchChromium, screenshotPath } from './support/browser';
import { serveApp, type RunningServer } from './support/server';
import { clippedElements } from './support/layout-probe';

const OPERATOR = 'op-key-0123456789abcdef';
const TENANT = 'tenant-5-key-0123456789a';
const id = V2_BOOK.auction.id;

let browser: Browser;
let server: RunningServer;
let result: ClearingResult;
const problems: string[] = [];

async function signedInPage(key: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await page.goto(`${server.url}/dashboard/sign-in`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL('**/dashboard/auctions'), page.click('button[type=submit]')]);
  await page.goto(`${server.url}/dashboard/auctions/${id}`);
  await page.waitForSelector('#split-chart[data-bars] canvas');
  return page;
}

beforeAll(async () => {
  result = await clearV2Fixture();
  const api = createStubApi({ book: V2_BOOK, result, storedBids: V2_STORED_BIDS });
  const app = new Hono();
  app.route('/dashboard', createDashboard({ api: async (path, init) => api.request(path, init), sessionSecret: 'e2e-session-secret-0123456789abcdef' }));
  server = await serveApp(app);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a cleared v2 auction in Chromium', () => {
  it('shows firm price, firm MW and at-risk MW per interval, the firm summary and the firm price line', async () => {
    const page = await signedInPage(OPERATOR);
    await page.click('#intervals >> xpath=ancestor::details/summary');
    for (const [i, iv] of result.intervals.entries()) {
      for (const column of ['firmPrice', 'firmMw', 'atRiskMw'] as const) {
        const cell = page.locator(`tr[data-interval="${i}"] td[data-col="${column}"]`);
        expect(Number(await cell.getAttribute('data-value'))).toBe(iv[column]);
        expect(await cell.isVisible()).toBe(true);
      }
      expect(Number(await page.getAttribute(`tr[data-interval="${i}"] td[data-col="firmCapMw"]`, 'data-value'))).toBe(V2_BOOK.intervals[i]!.firmMw);
    }
    expect(await page.textContent('[data-testid="firm-summary"]')).toMatch(/^Firm price [\d.,]+–[\d.,]+ USD\/MWh · firm 40 MW · at risk 60 MW$/);
    const series = (await page.getAttribute('#split-chart', 'data-series'))?.split('|');
    expect(series).toEqual(expect.arrayContaining(['Firm capacity MW', 'Firm price']));
    expect(problems).toEqual([]);
    await page.screenshot({ path: screenshotPath('auction-v2-operator.png'), fullPage: true });
    await page.context().close();
  });

  it('words every bid\'s reason and shows its terms (group, parent, profile sparkline)', async () => {
    const page = await signedInPage(OPERATOR);
    const withReason = result.bids.filter((b) => b.reason !== undefined);
    expect(new Set(withReason.map((b) => b.reason))).toEqual(new Set(['firm-capacity', 'out-of-the-money', 'marginal', 'below-reserve', 'parent-rejected', 'exclusive-group']));
    for (const b of result.bids) {
      const cell = page.locator(`#bids tr[data-bid="${b.id}"] td.why`);
      expect(await cell.getAttribute('data-reason')).toBe(b.reason ?? '');
      const reason = reasonOf(b);
      const bid = V2_BOOK.bids.find((x) => x.id === b.id)!;
      const words = reason ? reasonInWords(reason, { ...V2_BOOK.auction, duration: bid.type === 'block' ? bid.duration : undefined }) : '';
      expect((await cell.textContent())?.trim()).toBe(words);
    }
    expect((await page.textContent('#bids tr[data-bid="site-b"] td.why'))?.trim()).toBe('another block of its exclusive group was accepted (site-a)');
    expect((await page.textContent('#bids tr[data-bid="late"] td.why'))?.trim()).toBe('out of the money by 2,000.00 USD at its best start 05:00–09:00 GMT+5');
    const terms = (bidId: string) => page.locator(`#bids tr[data-bid="${bidId}"] td.terms`);
    expect(await terms('site-b').getAttribute('data-group')).toBe('campus');
    expect(await terms('phase-2').getAttribute('data-parent')).toBe('phase-1');
    expect((await terms('ramp').textContent())?.replace(/\s+/g, ' ').trim()).toBe('interruptible profile 5→20 MW over 5');
    expect(await terms('ramp').locator('svg.spark polyline').count()).toBe(1);
    expect((await terms('ai-a').textContent())?.trim()).toBe('firm');
    // The outcome filter still reads its column after the new one.
    await page.selectOption('select[aria-label="Outcome"]', 'rejected');
    const shown = await page.$$eval('#bids tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-bid')));
    expect(shown.sort()).toEqual(result.bids.filter((b) => !b.accepted).map((b) => b.id).sort());
    // …and the firmness filter the terms column (blocks firm unless they say otherwise).
    await page.selectOption('select[aria-label="Outcome"]', '');
    await page.selectOption('select[aria-label="Firmness"]', 'firm');
    const firm = await page.$$eval('#bids tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-bid')));
    expect(firm.sort()).toEqual(['ai-a', 'ai-b']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a bidder its own bids with their terms and reasons, nobody else\'s', async () => {
    const page = await signedInPage(TENANT);
    expect((await page.$$eval('#bids tbody tr', (rows) => rows.map((r) => r.getAttribute('data-bid')))).sort()).toEqual(['site-a', 'site-b']);
    expect((await page.textContent('#bids tr[data-bid="site-b"] td.why'))?.trim()).toBe('another block of its exclusive group was accepted (site-a)');
    expect(await page.getAttribute('#bids tr[data-bid="site-a"] td.terms', 'data-group')).toBe('campus');
    expect(await page.textContent('[data-testid="firm-summary"]')).toContain('Firm price');
    expect(await page.content()).not.toContain('tenant-3');
    await page.screenshot({ path: screenshotPath('auction-v2-bidder.png'), fullPage: true });
    await page.context().close();
  });

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`cuts off no cell or badge at ${viewport.width}×${viewport.height}`, async () => {
      const page = await signedInPage(OPERATOR, viewport);
      await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; }); window.dispatchEvent(new Event('resize'))`);
      expect(await clippedElements(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`auction-v2-${viewport.width}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
