// broker auctions list [--zone Z] [--status S] [--from ISO] [--to ISO]: every auction matching the
// filters (GET /v1/auctions, all pages; the API validates the filter values and names the field).
import { z } from 'zod';
import { AuctionPageSchema, type Auction } from '../../../schemas/api/auctions';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser } from '../command';
import { progress } from '../output/progress';
import { formatTable } from '../output/table';
import { AUCTION_HEADERS, auctionRow } from './auction-rows';

const FILTERS = ['zone', 'status', 'from', 'to'] as const;
const OPTIONS = { ...COMMON_OPTIONS, zone: { type: 'string' }, status: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } as const;
const parse = optionsParser(OPTIONS, 0, CommonOptionsSchema.extend({
  zone: z.string().optional(), status: z.string().optional(), from: z.string().optional(), to: z.string().optional(),
}));

export const auctionsList = defineCommand({
  name: 'auctions list',
  summary: 'List auctions, filtered by zone, status and delivery window',
  usage: 'broker auctions list [--zone ZONE] [--status open|closed|clearing|cleared|delivering|settled|failed] [--from ISO] [--to ISO] [--json]',
  parse,
  async run({ args, io, client }) {
    const api = client();
    const auctions: Auction[] = [];
    const filters = Object.fromEntries(FILTERS.flatMap((name) => (args[name] === undefined ? [] : [[name, args[name]]])));
    const p = progress(io, 'fetching auctions');
    try {
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '100', ...filters, ...(cursor ? { cursor } : {}) });
        const page = await api.get(`/v1/auctions?${query}`, AuctionPageSchema);
        auctions.push(...page.items);
        cursor = page.nextCursor;
        p.update(`fetching auctions: ${auctions.length}`);
      } while (cursor);
    } finally {
      p.done();
    }
    if (args.json) io.stdout(`${JSON.stringify({ items: auctions }, null, 2)}\n`);
    else io.stdout(auctions.length === 0 ? 'no auctions\n' : formatTable(AUCTION_HEADERS, auctions.map(auctionRow)));
    return 0;
  },
});
