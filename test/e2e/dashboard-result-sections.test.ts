// The auction page's result sections in real headless Chromium. The dashboard sub-app is the
// real one; the API behind it is a stand-in serving a fixed cleared auction (support/stub-api.ts),
// because the lifecycle's result routes are tested end to end in dashboard.test.ts only once
// they exist. Asserts the chart draws one stacked bar per interval with the result's numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { createDashboard } from '../../lib/dashboard/app';
import { createStubApi } from './support/stub-api';
import { FIXTURE_BOOK, FIXTURE_RESULT } from './support/fixture';
import { launchChromium, screenshotPath } from './support/browser';
import { serveApp, type RunningServer } from './support/server';
import { probeBars } from './support/chart-probe';

const OPERATOR = 'op-key-0123456789abcdef';
const MINER = 'miner-7-key-0123456789ab';

let browser: Browser;
let server: RunningServer;
const requests: string[] = [];
const problems: string[] = [];

async function signedInPage(key: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await page.goto(`${server.url}/dashboard/sign-in`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL('**/dashboard/auctions'), page.click('button[type=submit]')]);
  return page;
}

beforeAll(async () => {
  const api = createStubApi();
  const app = new Hono();
  app.route('/dashboard', createDashboard({
    api: async (path, init) => api.request(path, init),
    sessionSecret: 'e2e-session-secret-0123456789abcdef',
  }));
  server = await serveApp(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('auction page result sections (stand-in API)', () => {
  it('draws one stacked bar per interval with the result\'s AI, mining and unsold MW, and shows the same figures', async () => {
    const page = await signedInPage(OPERATOR);
    await page.click(`a[href$="/auctions/${FIXTURE_BOOK.auction.id}"]`);
    await page.waitForSelector('#split-chart[data-bars] canvas');
    const probe = await probeBars(page);
    expect(probe.bars).toBe(FIXTURE_RESULT.intervals.length);
    expect(await page.getAttribute('#split-chart', 'data-bars')).toBe(String(FIXTURE_RESULT.intervals.length));
    // Every non-zero segment is painted in its colour (at least 2 of 3 samples: a price line may cross one).
    const expected = FIXTURE_RESULT.intervals.flatMap((iv, i) => [['ai', iv.aiMw], ['mining', iv.miningMw], ['unsold', iv.unallocatedMw]]
      .filter(([, mw]) => (mw as number) > 0).map(([segment]) => ({ interval: i, segment })));
    expect(probe.segments.map(({ interval, segment }) => ({ interval, segment }))).toEqual(expected);
    for (const segment of probe.segments) expect(segment.matches, JSON.stringify(segment)).toBeGreaterThanOrEqual(2);
    expect(probe.gapsWithBarColour).toBe(0);

    const figure = async (name: string) => Number(await page.getAttribute(`[data-figure="${name}"]`, 'data-value'));
    expect(await figure('welfare')).toBe(FIXTURE_RESULT.welfare);
    expect(await figure('bound')).toBe(FIXTURE_RESULT.bound);
    expect(await figure('gap')).toBeCloseTo(FIXTURE_RESULT.bound - FIXTURE_RESULT.welfare, 9);
    expect(await page.getAttribute('[data-figure="optimal"]', 'data-value')).toBe(String(FIXTURE_RESULT.optimal));
    for (const [i, iv] of FIXTURE_RESULT.intervals.entries()) {
      for (const column of ['price', 'aiMw', 'miningMw', 'unallocatedMw'] as const) {
        expect(Number(await page.getAttribute(`tr[data-interval="${i}"] td[data-col="${column}"]`, 'data-value'))).toBe(iv[column]);
      }
    }
    expect(await page.textContent('[data-testid="paradoxical-list"]')).toContain('b-3');
    expect(await page.textContent('[data-testid="settlement-total"]')).toBe('128,500.00 USD');
    expect(await page.$$eval('[data-testid="settlement-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-bidder')))).toEqual(['miner-7', 'miner-9', 'tenant-3']);
    await page.screenshot({ path: screenshotPath('auction-result-operator.png'), fullPage: true });
  });

  it('sorts and filters the bid table in the browser', async () => {
    const page = await signedInPage(OPERATOR);
    await page.goto(`${server.url}/dashboard/auctions/${FIXTURE_BOOK.auction.id}`);
    const ids = () => page.$$eval('#bids tbody tr:not([hidden])', (rows) => rows.map((row) => row.getAttribute('data-bid')));
    expect(await ids()).toEqual(['b-1', 'b-2', 'b-3', 'b-4']);
    await page.click('#bids th:nth-child(5) button'); // MW ascending
    expect(await ids()).toEqual(['b-4', 'b-3', 'b-2', 'b-1']);
    await page.click('#bids th:nth-child(5) button'); // MW descending
    expect(await ids()).toEqual(['b-1', 'b-2', 'b-3', 'b-4']);
    await page.selectOption('select[data-filter-column="2"]', 'ai');
    expect(await ids()).toEqual(['b-2', 'b-3']);
    await page.fill('input[data-filter="bids"]', 'tenant-4');
    expect(await ids()).toEqual(['b-3']);
    expect(await page.textContent('[data-count-for="bids"]')).toBe('1 of 4');
  });

  it('shows a bidder its own bids only', async () => {
    const page = await signedInPage(MINER);
    await page.goto(`${server.url}/dashboard/auctions/${FIXTURE_BOOK.auction.id}`);
    await page.waitForSelector('#split-chart[data-bars]');
    expect(await page.$$eval('#bids tbody tr', (rows) => rows.map((row) => row.getAttribute('data-bid')))).toEqual(['b-1']);
    const html = await page.content();
    for (const other of ['tenant-3', 'tenant-4', 'miner-9']) expect(html).not.toContain(other);
    // Its curtailment notice on the timeline (one mark per curtailed interval) and its own statement.
    expect(await page.locator('[data-testid="curtailment-timeline"] rect.mark').count()).toBe(2);
    expect(await page.textContent(`li[data-notice="${'c'.repeat(64)}"]`)).toContain('2 interval(s), 75 MWh curtailed');
    expect(await page.textContent('[data-testid="settlement-total"]')).toBe('95,312.50 USD');
    await page.screenshot({ path: screenshotPath('auction-result-bidder.png'), fullPage: true });
  });

  it('loads nothing from outside the app and raises no script or CSP error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
