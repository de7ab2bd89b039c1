// The second half of `npm run demo`: the operator closes the demo auction's gate now, the local
// schedule clears it, and a revised forecast curtails three midday intervals — through the same
// public API any client uses, so the dashboard then shows every part of the product.
import { createApiClient, parseBody } from '../../lib/api-client';
import { AuctionSchema } from '../../schemas/api/auctions';
import { ForecastSchema } from '../../schemas/api/forecasts';

/** Midday intervals (12:00–12:45 UTC = 17:00–17:45 in Karachi) whose surplus the revision cuts. */
export const DEMO_CURTAILED = [48, 49, 50] as const;
/** The revision keeps this share of the forecast surplus in those intervals. */
const REVISED_SHARE = 0.6;

export interface DemoClear { status: string; curtailedIntervals: number; waitedMs: number }

export async function clearAndCurtailDemo(baseUrl: string, operatorKey: string, auctionId: string, options: { timeoutMs?: number } = {}): Promise<DemoClear> {
  const api = createApiClient({ fetch: (input, init) => fetch(input, init), key: operatorKey, baseUrl });
  const path = `/v1/auctions/${encodeURIComponent(auctionId)}`;
  const started = Date.now();
  // Non-2xx answers throw ApiError with the problem's detail.
  await api.request('POST', `${path}/clear`, { json: { force: true } });
  // 202: the schedule clears it (npm start wakes its loop at once); poll the auction's status.
  let status = '';
  const deadline = started + (options.timeoutMs ?? 120_000);
  for (;;) {
    status = parseBody(await api.request('GET', path), AuctionSchema).status;
    if (status === 'cleared' || status === 'delivering' || status === 'settled' || status === 'failed') break;
    if (Date.now() > deadline) throw new Error(`the demo auction is still ${status} after ${options.timeoutMs ?? 120_000} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (status === 'failed') throw new Error('clearing the demo auction failed; see the auction page');
  const forecast = parseBody(await api.request('GET', `${path}/forecast`), ForecastSchema);
  const intervals = DEMO_CURTAILED.map((index) => ({ index, surplusMw: Math.round(forecast.intervals[index]!.surplusMw * REVISED_SHARE) }));
  await api.request('POST', `${path}/curtailments`, { json: { intervals } });
  return { status, curtailedIntervals: intervals.length, waitedMs: Date.now() - started };
}
