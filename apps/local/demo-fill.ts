// Fills a running broker with a realistic demo through its public API: one 2,000 MW day in
// 15-minute intervals (forecast uploaded as CSV), a dozen Bitcoin miners with step curves and a
// handful of AI tenants with firm blocks — some described as hardware workloads.
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
    gateClosure: new Date(day.getTime() - 3_600_000).toISOString(), pricing: 'uniform', currency: 'USD',
  }, AuctionSchema);
  await operator.putCsv(`/v1/auctions/${auction.id}/forecast`, demoForecastCsv());
  const bidKey = async (bidderId: string, classes: ('ai' | 'mining')[]) => (await operator.post('/v1/keys', { role: 'bidder', bidderId, classes }, CreatedKeySchema)).key;
  const bid = (key: string, json: unknown) => clientFor(baseUrl, key).post(`/v1/auctions/${auction.id}/bids`, json, StoredBidSchema);

  const keys: Record<string, string> = {};
  let bids = 0;
  const models = ['Antminer-S21', 'Antminer-S19-XP', 'Whatsminer-M60', 'Antminer-S19-Pro'];
  for (let m = 1; m <= 12; m++) {
    const bidderId = `miner-${String(m).padStart(2, '0')}`;
    keys[bidderId] = await bidKey(bidderId, ['mining']);
    const from = (m * 7) % 48;
    const base = 60 + ((m * 13) % 25);
    const steps = m % 3 === 0
      ? [{ price: base, workload: { kind: 'asic', model: models[m % models.length], count: 4000 + m * 500 } }, { mw: 10 + m, price: base - 15 }]
      : [{ mw: 20 + m * 3, price: base }, { mw: 15 + m, price: base - 12 }, { mw: 10, price: base - 24 }];
    await bid(keys[bidderId]!, { type: 'curve', from, to: Math.min(96, from + 48 + m * 2), steps });
    bids++;
  }
  const tenants: { id: string; bid: Record<string, unknown> }[] = [
    { id: 'tenant-lahore-ai', bid: { mw: 120, duration: 32, earliestStart: 8, latestStart: 40, price: 95, minAcceptanceRatio: 1 } },
    { id: 'tenant-karachi-llm', bid: { workload: { kind: 'gpu', model: 'H100-SXM', count: 32768, pue: 1.3 }, duration: 48, earliestStart: 24, latestStart: 40, price: 110, minAcceptanceRatio: 0.8 } },
    { id: 'tenant-indus-cloud', bid: { workload: { kind: 'gpu', model: 'B200', count: 16384, pue: 1.25 }, duration: 24, earliestStart: 36, latestStart: 52, price: 88, minAcceptanceRatio: 1 } },
    { id: 'tenant-islamabad-inference', bid: { mw: 60, duration: 16, earliestStart: 0, latestStart: 80, price: 72, minAcceptanceRatio: 0.5 } },
    { id: 'tenant-peshawar-render', bid: { workload: { kind: 'gpu', model: 'MI300X', count: 20000 }, duration: 12, earliestStart: 40, latestStart: 60, price: 80, minAcceptanceRatio: 1 } },
  ];
  for (const tenant of tenants) {
    keys[tenant.id] = await bidKey(tenant.id, ['ai']);
    await bid(keys[tenant.id]!, { type: 'block', ...tenant.bid });
    bids++;
  }
  return { auctionId: auction.id, bids, keys };
}
