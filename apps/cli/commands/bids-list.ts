// broker bids list AUCTION: every bid the key may see (own bids; all for the operator), all pages.
import { BidPageSchema, type StoredBid } from '../../../schemas/api/bids';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import type { ApiClient } from '../../../lib/api-client';
import type { CliIo } from '../io';
import { progress } from '../output/progress';
import { fmt, formatTable, type Align } from '../output/table';
import { bidTermsText } from '../../../lib/clearing/reason-words';

/** A block's MW: its `mw`, or its profile's range lowest→peak ("5→20"). */
function blockMw(bid: Extract<StoredBid, { type: 'block' }>): string {
  if (!bid.profile) return fmt(bid.mw);
  const low = Math.min(...bid.profile);
  const high = Math.max(...bid.profile);
  return low === high ? fmt(high) : `${fmt(low)}→${fmt(high)}`;
}

export function bidRow(bid: StoredBid): (string | number)[] {
  if (bid.type === 'block') {
    return [bid.id, bid.bidder, bid.class, 'block', blockMw(bid), fmt(bid.price), `${bid.duration} from ${bid.earliestStart}..${bid.latestStart}`, bidTermsText(bid)];
  }
  const mw = bid.steps.reduce((sum, step) => sum + step.mw, 0);
  const prices = bid.steps.flatMap((step) => (step.price === undefined ? [] : [step.price]));
  const indexed = bid.steps.some((step) => step.index) ? 'hashprice-indexed' : '';
  const range = prices.length > 0 ? `${fmt(Math.max(...prices))}..${fmt(Math.min(...prices))}` : '';
  return [bid.id, bid.bidder, bid.class, 'curve', fmt(mw), [range, indexed].filter(Boolean).join(' + '), `[${bid.from}, ${bid.to})`, bidTermsText(bid)];
}

export const BID_HEADERS = ['id', 'bidder', 'class', 'type', 'mw', 'price', 'intervals', 'terms'];
export const BID_ALIGN: Align[] = ['left', 'left', 'left', 'left', 'right', 'right', 'left', 'left'];

/** Every bid the key may see, all pages (a spinner on a terminal while paging). */
export async function fetchAllBids(api: ApiClient, io: CliIo, auctionId: string): Promise<StoredBid[]> {
  const bids: StoredBid[] = [];
  const p = progress(io, 'fetching bids');
  try {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const page = await api.get(`/v1/auctions/${encodeURIComponent(auctionId)}/bids?${query}`, BidPageSchema);
      bids.push(...page.items);
      cursor = page.nextCursor;
      p.update(`fetching bids: ${bids.length}`);
    } while (cursor);
  } finally {
    p.done();
  }
  return bids;
}

const parse = optionsParser(COMMON_OPTIONS, 1, CommonOptionsSchema.extend({ positionals: OneArgument }));

export const bidsList = defineCommand({
  name: 'bids list',
  summary: 'List the bids of an auction (own bids; all for the operator)',
  usage: 'broker bids list AUCTION [--json]',
  parse,
  async run({ args, io, client }) {
    const bids = await fetchAllBids(client(), io, args.positionals[0]);
    if (args.json) io.stdout(`${JSON.stringify({ items: bids }, null, 2)}\n`);
    else io.stdout(bids.length === 0 ? 'no bids\n' : formatTable(BID_HEADERS, bids.map(bidRow), BID_ALIGN));
    return 0;
  },
});
