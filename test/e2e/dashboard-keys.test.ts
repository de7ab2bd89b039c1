// The keys page in real headless Chromium against the real broker (issue 11 "the keys page lists
// and revokes"), at 1440×900 and 390×844: the operator's list, a key created through the form
// (its secret shown once), a revocation (the key refused by the API after), no clipped cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CreatedKeySchema, MeSchema } from '../../schemas/api/keys';
import { launchChromium, screenshotPath } from './support/browser';
import { OPERATOR_KEY, startBroker, type Broker } from './support/broker';
import { clippedElements } from './support/layout-probe';

let broker: Broker;
let browser: Browser;
let minerKey: string;

beforeAll(async () => {
  broker = await startBroker();
  browser = await launchChromium();
  const key = (bidderId: string, classes: string[], expiresAt?: string) =>
    broker.api('POST', '/v1/keys', OPERATOR_KEY, { status: 201, schema: CreatedKeySchema }, { role: 'bidder', bidderId, classes, ...(expiresAt ? { expiresAt } : {}) });
  minerKey = (await key('miner-7', ['mining'])).key;
  await key('tenant-3', ['ai'], '2099-01-01T00:00:00Z');
  await key('hybrid-datacentre-with-a-long-name', ['ai', 'mining']);
});

afterAll(async () => {
  await browser?.close();
  await broker?.close();
});

async function signedIn(key: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(`${broker.server.url}/dashboard/sign-in`);
  await page.fill('#key', key);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

describe('keys page in Chromium', () => {
  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    it(`lists, creates and revokes at ${width}×${height} with no cell clipped`, async () => {
      const page = await signedIn(OPERATOR_KEY, width, height);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await Promise.all([page.waitForNavigation(), page.click('[data-testid="nav-keys"]')]);
      expect(new URL(page.url()).pathname).toBe('/dashboard/keys');
      expect(await page.locator('#keys tbody tr').count()).toBeGreaterThanOrEqual(4);
      expect(await page.textContent('tr[data-key="key_bootstrap"] [data-testid="this-session"]')).toBe('this session');

      // Create through the form: the secret once, and the new key listed.
      const bidderId = `page-${width}`;
      await page.selectOption('form[data-testid="create-key-form"] select[name=role]', 'bidder');
      await page.fill('form[data-testid="create-key-form"] input[name=bidderId]', bidderId);
      await page.check('form[data-testid="create-key-form"] input[name=classes][value=mining]');
      await Promise.all([page.waitForNavigation(), page.click('form[data-testid="create-key-form"] button[type=submit]')]);
      const secret = (await page.textContent('[data-testid="secret-value"]')) ?? '';
      expect(secret).toMatch(/^sb_/);
      const me = MeSchema.parse(await (await broker.app.request('/v1/me', { headers: { authorization: `Bearer ${secret}` } })).json());
      expect(me.bidderId).toBe(bidderId);
      const row = page.locator(`tr[data-key="${me.keyId}"]`);
      expect(await row.locator('[data-testid="key-status"]').textContent()).toBe('active');
      await page.evaluate(`window.dispatchEvent(new Event('resize'))`);
      expect(await clippedElements(page), 'keys page after create').toEqual([]);
      await page.screenshot({ path: screenshotPath(`keys-created-${width}.png`), fullPage: true });
      if (width === 1440) expect(await page.$$eval('.table-wrap[data-overflow] table', (t) => t.map((x) => x.id))).toEqual([]);
      await page.screenshot({ path: screenshotPath(`keys-created-${width}.png`), fullPage: true });

      // Revoke it: back on the list, revoked, and the API refuses the key.
      await Promise.all([page.waitForNavigation(), row.locator('form[data-testid="revoke-form"] button').click()]);
      expect(new URL(page.url()).pathname).toBe('/dashboard/keys');
      expect(await page.textContent('[data-testid="keys-message"]')).toContain(me.keyId);
      expect(await page.locator(`tr[data-key="${me.keyId}"] [data-testid="key-status"]`).textContent()).toBe('revoked');
      expect(await page.content()).not.toContain(secret);
      expect((await broker.app.request('/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
      expect(await clippedElements(page), 'keys page after revoke').toEqual([]);
      await page.screenshot({ path: screenshotPath(`keys-revoked-${width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    it(`shows a bidder its own key only, with rotate and no revoke, at ${width}×${height}`, async () => {
      const page = await signedIn(minerKey, width, height);
      await Promise.all([page.waitForNavigation(), page.click('[data-testid="nav-keys"]')]);
      expect(await page.textContent('[data-testid="nav-keys"]')).toBe('My key');
      const rows = await page.$$eval('#keys tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('miner-7');
      expect(await page.locator('form[data-testid="revoke-form"]').count()).toBe(0);
      expect(await page.locator('form[data-testid="create-key-form"]').count()).toBe(0);
      expect(await page.locator('form[data-testid="rotate-form"]').count()).toBe(1);
      expect(await clippedElements(page), 'bidder keys page').toEqual([]);
      await page.screenshot({ path: screenshotPath(`keys-bidder-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
