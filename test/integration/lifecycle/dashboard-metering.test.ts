// The dashboard's "Metered delivery" section through the real app and DynamoDB Local: after
// meter readings (one interval far above what the bid was allowed), the operator's auction page
// shows allowed vs metered energy per interval with the breach marked, and the bidder sees its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleHarness, GATE, type LifecycleHarness, type Market } from './harness';
import { OPERATOR_KEY } from './harness';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  m = await h.setupAuction();
});
afterAll(async () => { await h.drop(); });

const ORIGIN = 'http://dash.test';
async function page(key: string, auctionId: string): Promise<string> {
  const form = await h.app.request(`${ORIGIN}/dashboard/sign-in`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signInCookie = form.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))!.split(';')[0]!;
  const signedIn = await h.app.request(`${ORIGIN}/dashboard/sign-in`, {
    method: 'POST', body: new URLSearchParams({ csrf, key }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: signInCookie },
  });
  const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0]!;
  const res = await h.app.request(`${ORIGIN}/dashboard/auctions/${auctionId}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('dashboard: metered delivery', () => {
  it('says there are no readings before any arrive', async () => {
    h.clock.set(new Date(Date.parse(GATE) + 1_000));
    await h.tick();
    expect(await page(OPERATOR_KEY, m.auctionId)).toContain('data-testid="no-metering"');
  });

  it('shows allowed vs metered per interval and marks the breach, for the operator and the bidder', async () => {
    const post = await h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, {
      key: m.keys['miner-1'], json: { readings: [{ bidId: m.bids['miner-1'], interval: 0, mwh: 1 }, { bidId: m.bids['miner-1'], interval: 1, mwh: 500 }] },
    });
    expect(post.status).toBeLessThan(300);
    for (const key of [OPERATOR_KEY, m.keys['miner-1']]) {
      const html = await page(key, m.auctionId);
      expect(html).toContain('data-testid="metering-table"');
      expect(html).toMatch(/<tr data-interval="1" class="breach">/);
      expect(html).not.toMatch(/<tr data-interval="0" class="breach">/);
      expect(html).toMatch(new RegExp(`<li data-bid="${m.bids['miner-1']}" data-interval="1">Breach: miner-1`));
    }
    // Another bidder's page shows none of miner-1's readings.
    expect(await page(m.keys['miner-2'], m.auctionId)).toContain('data-testid="no-metering"');
  });
});
