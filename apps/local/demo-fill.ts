// Fills a running broker with a realistic demo through its public API: one 2,000 MW day in
// 15-minute intervals (forecast uploaded as CSV), a dozen Bitcoin miners with step curves and a
// handful of AI tenants with firm blocks — some described as hardware workloads.

interface Fill { auctionId: string; bids: number; keys: Record<string, string> }

async function call(baseUrl: string, key: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
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
  const auction = await call(baseUrl, operatorKey, 'POST', '/v1/auctions', {
    zone: 'PK-NORTH', deliveryStart: day.toISOString(), intervalMinutes: 15, intervalCount: 96,
    gateClosure: new Date(day.getTime() - 3_600_000).toISOString(), pricing: 'uniform', currency: 'USD',
  }) as { id: string };
  await call(baseUrl, operatorKey, 'PUT', `/v1/auctions/${auction.id}/forecast`, demoForecastCsv(), 'text/csv');

  const keys: Record<string, string> = {};
  let bids = 0;
  const models = ['Antminer-S21', 'Antminer-S19-XP', 'Whatsminer-M60', 'Antminer-S19-Pro'];
  for (let m = 1; m <= 12; m++) {
    const bidderId = `miner-${String(m).padStart(2, '0')}`;
    keys[bidderId] = ((await call(baseUrl, operatorKey, 'POST', '/v1/keys', { role: 'bidder', bidderId, classes: ['mining'] })) as { key: string }).key;
    const from = (m * 7) % 48;
    const base = 60 + ((m * 13) % 25);
    const steps = m % 3 === 0
      ? [{ price: base, workload: { kind: 'asic', model: models[m % models.length], count: 4000 + m * 500 } }, { mw: 10 + m, price: base - 15 }]
      : [{ mw: 20 + m * 3, price: base }, { mw: 15 + m, price: base - 12 }, { mw: 10, price: base - 24 }];
    await call(baseUrl, keys[bidderId]!, 'POST', `/v1/auctions/${auction.id}/bids`, { type: 'curve', from, to: Math.min(96, from + 48 + m * 2), steps });
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
    keys[tenant.id] = ((await call(baseUrl, operatorKey, 'POST', '/v1/keys', { role: 'bidder', bidderId: tenant.id, classes: ['ai'] })) as { key: string }).key;
    await call(baseUrl, keys[tenant.id]!, 'POST', `/v1/auctions/${auction.id}/bids`, { type: 'block', ...tenant.bid });
    bids++;
  }
  return { auctionId: auction.id, bids, keys };
}
