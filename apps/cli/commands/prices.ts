// broker prices --zone Z --from ISO --to ISO [--csv | --json]: the clearing price and MW per class
// of every interval of the zone's published auctions in [from, to) (GET /v1/prices, all pages).
import { z } from 'zod';
import { PricePageSchema, type PriceRow } from '../../../schemas/api/market-data';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser } from '../command';
import { progress } from '../output/progress';
import { fmt, formatTable } from '../output/table';

const OPTIONS = { ...COMMON_OPTIONS, csv: { type: 'boolean', default: false }, zone: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } as const;
const parse = optionsParser(OPTIONS, 0, CommonOptionsSchema.extend({
  csv: z.boolean(), zone: z.string({ error: '--zone is required' }), from: z.string({ error: '--from is required' }), to: z.string({ error: '--to is required' }),
}));

const cell = (v: string | number | undefined) => (v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The same columns as the broker's CSV (Accept: text/csv), one header for all pages. */
export function pricesCsv(rows: readonly PriceRow[]): string {
  const lines = rows.map((r) => [r.auctionId, r.interval, r.start, r.localStart, r.currency, r.price, r.aiMw, r.miningMw, r.unallocatedMw].map(cell).join(','));
  return ['auctionId,interval,startUtc,startLocal,currency,price,aiMw,miningMw,unallocatedMw', ...lines].join('\n') + '\n';
}

export const prices = defineCommand({
  name: 'prices',
  summary: 'Clearing prices and MW per class per interval across the published auctions of a zone',
  usage: 'broker prices --zone ZONE --from ISO --to ISO [--csv | --json]',
  parse,
  async run({ args, io, client }) {
    const api = client();
    const rows: PriceRow[] = [];
    const p = progress(io, 'fetching prices');
    try {
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ zone: args.zone, from: args.from, to: args.to, limit: '100', ...(cursor ? { cursor } : {}) });
        const page = await api.get(`/v1/prices?${query}`, PricePageSchema);
        rows.push(...page.items);
        cursor = page.nextCursor;
        p.update(`fetching prices: ${rows.length} intervals`);
      } while (cursor);
    } finally {
      p.done();
    }
    if (args.json) io.stdout(`${JSON.stringify({ items: rows }, null, 2)}\n`);
    else if (args.csv) io.stdout(pricesCsv(rows));
    else if (rows.length === 0) io.stdout('no published intervals\n');
    else {
      const headers = ['auction', 'interval', 'start (UTC)', 'local', 'price', 'AI MW', 'mining MW', 'unsold MW'];
      io.stdout(formatTable(headers, rows.map((r) => [r.auctionId, r.interval, r.start, r.localStart ?? '', `${fmt(r.price, 2)} ${r.currency}`, fmt(r.aiMw), fmt(r.miningMw), fmt(r.unallocatedMw)]),
        ['left', 'right', 'left', 'left', 'right', 'right', 'right', 'right']));
    }
    return 0;
  },
});
