// The dashboard in real headless Chromium against the real broker: createApp with the DynamoDB
// store on DynamoDB Local, served on 127.0.0.1 by @hono/node-server. Keys, the auction, its
// forecast and the bids are made through the API; the browser only signs in and looks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuctionSchema } from '../../schemas/api/auctions';
import { CreatedKeySchema } from '../../schemas/api/keys';
import { StoredBidSchema } from '../../schemas/api/bids';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { launchChromium, screenshotPath } from './support/browser';
import { OPERATOR_KEY, startBroker, type Broker } from './support/broker';

let broker: Broker;
let browser: Browser;
let auctionId: string;
const keys: Record<string, string> = {};
const bidIds: Record<string, string> = {};
const contexts: BrowserContext[] = [];

const HOUR = 3600_000;
const deliveryStart = new Date(Math.ceil((Date.now() + 48 * HOUR) / HOUR) * HOUR).toISOString();
const gateClosure = new Date(Date.parse(deliveryStart) - 24 * HOUR).toISOString();

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, key: string): Promise<number> {
  await page.goto(`${broker.server.url}/dashboard/sign-in`);
  await page.fill('#key', key);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return response?.status() ?? 0;
}

beforeAll(async () => {
  broker = await startBroker();
  browser = await launchChromium();
  const key = (bidderId: string, classes: string[]) => broker.api('POST', '/v1/keys', OPERATOR_KEY, { status: 201, schema: CreatedKeySchema }, { role: 'bidder', bidderId, classes });
  keys.miner = (await key('miner-7', ['mining'])).key;
  keys.tenant = (await key('tenant-3', ['ai'])).key;
  const auction = await broker.api('POST', '/v1/auctions', OPERATOR_KEY, { status: 201, schema: AuctionSchema },
    { zone: 'PK-NORTH', deliveryStart, intervalMinutes: 60, intervalCount: 8, gateClosure });
  auctionId = auction.id;
  const csv = ['interval,surplus_mw,reserve_price', ...[2000, 2000, 1800, 1600, 1600, 1800, 2000, 2000].map((mw, i) => `${i},${mw},30`)].join('\n');
  await broker.api('PUT', `/v1/auctions/${auctionId}/forecast`, OPERATOR_KEY, { status: 200, schema: ForecastSchema }, csv);
  const bid = (who: string, body: unknown) => broker.api('POST', `/v1/auctions/${auctionId}/bids`, keys[who]!, { status: 201, schema: StoredBidSchema }, body);
  bidIds.miner = (await bid('miner', { type: 'curve', from: 0, to: 8, steps: [{ mw: 900, price: 70 }, { mw: 400, price: 52.5 }] })).id;
  bidIds.tenant = (await bid('tenant', { type: 'block', mw: 600, duration: 4, earliestStart: 0, latestStart: 4, price: 95, minAcceptanceRatio: 1 })).id;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await broker?.close();
});

describe('dashboard in Chromium against the real broker', () => {
  it('refuses a wrong key: 401, an error on the form, no session, protected pages redirect to sign-in', async () => {
    const page = await newPage();
    expect(await signIn(page, 'sb_not_a_key_0123456789')).toBe(401);
    expect(await page.textContent('[data-testid="sign-in-error"]')).toContain('refused');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('sb_session');
    await page.goto(`${broker.server.url}/dashboard/auctions`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  });

  it('signs the operator in with a sealed HttpOnly SameSite=Strict cookie and lists the auction', async () => {
    const page = await newPage();
    expect(await signIn(page, OPERATOR_KEY)).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/dashboard/auctions');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'sb_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
    expect(cookie?.value).not.toContain(OPERATOR_KEY);
    expect(Buffer.from(cookie?.value ?? '', 'base64url').toString('latin1')).not.toContain(OPERATOR_KEY);
    const row = page.locator(`tr[data-auction="${auctionId}"]`);
    expect(await row.locator('[data-testid="status"]').textContent()).toBe('open');
    const text = await row.textContent();
    expect(text).toContain(`${gateClosure.slice(0, 16).replace('T', ' ')} UTC`);
    expect(text).toContain(`${deliveryStart.slice(0, 16).replace('T', ' ')} UTC`);
    expect(text).toContain('8 × 60 min');
    await page.screenshot({ path: screenshotPath('auctions-operator.png'), fullPage: true });
  });

  it('shows the operator every bid and the forecast line over every interval', async () => {
    const page = await newPage();
    await signIn(page, OPERATOR_KEY);
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    await page.waitForSelector('#split-chart[data-intervals] canvas');
    expect(await page.getAttribute('#split-chart', 'data-intervals')).toBe('8');
    expect((await page.$$eval('#bids tbody tr', (rows) => rows.map((r) => r.getAttribute('data-bid')))).sort()).toEqual([bidIds.miner, bidIds.tenant].sort());
    expect(await page.textContent('tr[data-interval="3"] td[data-col="surplusMw"]')).toBe('1,600');
    await page.screenshot({ path: screenshotPath('auction-open-operator.png'), fullPage: true });
  });

  it('shows a bidder its own bids only, never another bidder\'s', async () => {
    const page = await newPage(390, 844);
    expect(await signIn(page, keys.miner!)).toBe(200);
    expect(await page.textContent('[data-testid="viewer"]')).toBe('bidder miner-7');
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    expect(await page.$$eval('#bids tbody tr', (rows) => rows.map((r) => r.getAttribute('data-bid')))).toEqual([bidIds.miner]);
    const html = await page.content();
    expect(html).not.toContain(bidIds.tenant);
    expect(html).not.toContain('tenant-3');
    await page.screenshot({ path: screenshotPath('auction-bidder-phone.png'), fullPage: true });
  });

  it('refuses a sign-out posted without the session\'s CSRF token or from another origin, and signs out with it', async () => {
    const page = await newPage();
    await signIn(page, keys.tenant!);
    const url = `${broker.server.url}/dashboard/sign-out`;
    const origin = broker.server.url;
    expect((await page.request.post(url, { form: { csrf: 'forged' }, headers: { origin }, maxRedirects: 0 })).status()).toBe(403);
    const csrf = await page.inputValue('header form input[name=csrf]');
    expect((await page.request.post(url, { form: { csrf }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 })).status()).toBe(403);
    expect((await page.context().cookies()).map((c) => c.name)).toContain('sb_session');
    await Promise.all([page.waitForURL('**/dashboard/sign-in'), page.click('header button[type=submit]')]);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('sb_session');
    await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  });

  it('sends a CSP without inline scripts and serves uPlot from the app', async () => {
    const page = await newPage();
    await signIn(page, OPERATOR_KEY);
    const response = await page.goto(`${broker.server.url}/dashboard/auctions/${auctionId}`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const uplot = await page.request.get(`${broker.server.url}/dashboard/assets/uPlot.iife.min.js`);
    expect(uplot.status()).toBe(200);
    expect(await uplot.text()).toContain('uPlot');
  });
});
