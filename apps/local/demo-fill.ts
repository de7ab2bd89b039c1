// Fills a running broker with a realistic demo through its public API: one 2,000 MW day in
// 15-minute intervals (forecast uploaded as CSV), a dozen Bitcoin miners with step curves and a
// handful of AI tenants with firm blocks — some described as hardware workloads — asking for more
// than the surplus, so that the demo shows a market: prices above the reserve, rejected and
// partly accepted bids (demo-clear.ts then clears it and curtails once).
import type { z } from 'zod';
import { createApiClient, parseBody } from '../../lib/api-client';
import { AuctionSchema } from '../../schemas/api/auctions';
import { CreatedKeySchema } from '../../schemas/api/keys';
import { StoredBidSchema } from '../../schemas/api/bids';

interface Fill { auctionId: string; bids: number; keys: Record<string, string> }

/** Calls the running broker over HTTP as any client would, responses validated. */
function clientFor(baseUrl: string, key: string) {
  const api = createApiClient({ fetch: (input, init) => fetch(input, init), key, baseUrl });
  return {
    post: async <T>(path: string, json: unknown, schema: z.ZodType<T>) => parseBody(await api.request('POST', path, { json }), schema),
    putCsv: (path: string, text: string) => api.request('PUT', path, { text, contentType: 'text/csv' }),
  };
}

/** Surplus shaped by a solar day (MW) and a reserve price that follows the evening peak ($/MWh). */
export function demoForecastCsv(intervals = 96): string {
  const rows = ['interval,surplus_mw,reserve_price'];
  for (let i = 0; i < intervals; i++) {
    const hour = (i * 24) / intervals;
    const solar = Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI));
    const surplus = Math.round(700 + 1300 * solar);
    const reserve = (28 + (hour >= 17 && hour < 22 ? 14 : 0) + 4 * (1 - solar)).toFixed(2);
    rows.push(`${i},${surplus},${reserve}`);
  }
  return `${rows.join('\n')}\n`;
}

export async function fillDemo(baseUrl: string, operatorKey: string, now = new Date()): Promise<Fill> {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + (now.getUTCHours() >= 22 ? 2 : 1)));
  const operator = clientFor(baseUrl, operatorKey);
  const auction = await operator.post('/v1/auctions', {
    zone: 'PK-NORTH', deliveryStart: day.toISOString(), intervalMinutes: 15, intervalCount: 96,
    gateClosure: new Date(day.getTime() - 3_600_000).toISOString(), pricing: 'uniform', currency: 'USD', timeZone: 'Asia/Karachi',
  }, AuctionSchema);
  await operator.putCsv(`/v1/auctions/${auction.id}/forecast`, demoForecastCsv());
  const bidKey = async (bidderId: string, classes: ('ai' | 'mining')[]) => (await operator.post('/v1/keys', { role: 'bidder', bidderId, classes }, CreatedKeySchema)).key;
  const bid = (key: string, json: unknown) => clientFor(baseUrl, key).post(`/v1/auctions/${auction.id}/bids`, json, StoredBidSchema);

  const keys: Record<string, string> = {};
  let bids = 0;
  for (const miner of DEMO_MINERS) {
    keys[miner.id] = await bidKey(miner.id, ['mining']);
    await bid(keys[miner.id]!, { type: 'curve', ...miner.bid });
    bids++;
  }
  for (const tenant of DEMO_TENANTS) {
    keys[tenant.id] = await bidKey(tenant.id, ['ai']);
    await bid(keys[tenant.id]!, { type: 'block', ...tenant.bid });
    bids++;
  }
  return { auctionId: auction.id, bids, keys };
}

const MODELS = ['Antminer-S21', 'Antminer-S19-XP', 'Whatsminer-M60', 'Antminer-S19-Pro'];

/**
 * Twelve miners wanting ~1,900 MW in all, most of it only at prices near the reserve, so at
 * night (700 MW of surplus) they compete with each other and the price rises above the
 * reserve, and by day the AI blocks take most of the solar peak.
 */
export const DEMO_MINERS = Array.from({ length: 12 }, (_, i) => {
  const m = i + 1;
  const base = 58 + ((m * 13) % 25);
  const steps = m % 3 === 0
    ? [{ price: base, workload: { kind: 'asic', model: MODELS[m % MODELS.length], count: 12000 + m * 1500 } }, { mw: 40 + m * 2, price: base - 18 }]
    : [{ mw: 40 + m * 4, price: base }, { mw: 45 + m * 2, price: base - 14 }, { mw: 40, price: base - 24 }];
  return { id: `miner-${String(m).padStart(2, '0')}`, bid: { from: 0, to: 96, steps } };
});

/**
 * AI tenants: more firm load than the solar peak holds, so some blocks are rejected, one is
 * accepted in part (its minimum acceptance ratio allows it) and the cheapest lose to the miners.
 */
export const DEMO_TENANTS: { id: string; bid: Record<string, unknown> }[] = [
  { id: 'tenant-lahore-ai', bid: { mw: 700, duration: 32, earliestStart: 32, latestStart: 40, price: 118, minAcceptanceRatio: 1 } },
  { id: 'tenant-karachi-llm', bid: { workload: { kind: 'gpu', model: 'H100-SXM', count: 330000, pue: 1.3 }, duration: 36, earliestStart: 28, latestStart: 36, price: 110, minAcceptanceRatio: 0.6 } },
  { id: 'tenant-indus-cloud', bid: { workload: { kind: 'gpu', model: 'B200', count: 220000, pue: 1.25 }, duration: 24, earliestStart: 36, latestStart: 48, price: 96, minAcceptanceRatio: 1 } },
  { id: 'tenant-islamabad-inference', bid: { mw: 400, duration: 16, earliestStart: 0, latestStart: 80, price: 72, minAcceptanceRatio: 0.5 } },
  { id: 'tenant-peshawar-render', bid: { workload: { kind: 'gpu', model: 'MI300X', count: 200000 }, duration: 20, earliestStart: 36, latestStart: 56, price: 64, minAcceptanceRatio: 1 } },
];
