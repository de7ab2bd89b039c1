// broker bids list AUCTION: every bid the key may see (own bids; all for the operator), all pages.
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request } from '../http-client';
import { BidPageResponseSchema } from '../api-shapes';
import { fmt, formatTable, progress } from '../output';
import type { z } from 'zod';

type Bid = z.infer<typeof BidPageResponseSchema>['items'][number];

export function bidRow(bid: Bid): (string | number)[] {
  if (bid.type === 'block') {
    return [bid.id, bid.bidder, bid.class, 'block', fmt(bid.mw), fmt(bid.price), `${bid.duration} from ${bid.earliestStart}..${bid.latestStart}`];
  }
  const mw = bid.steps.reduce((sum, step) => sum + step.mw, 0);
  const prices = bid.steps.map((step) => step.price);
  return [bid.id, bid.bidder, bid.class, 'curve', fmt(mw), `${fmt(Math.max(...prices))}..${fmt(Math.min(...prices))}`, `[${bid.from}, ${bid.to})`];
}

export const BID_HEADERS = ['id', 'bidder', 'class', 'type', 'mw', 'price', 'intervals'];

export const bidsList: Command = {
  name: 'bids list',
  summary: 'List the bids of an auction (own bids; all for the operator)',
  usage: 'broker bids list AUCTION [--json]',
  async run(args, { io, env }) {
    const { values, positionals } = parse(args, COMMON_OPTIONS, 1);
    const auctionId = positionals[0] as string;
    const config = clientConfigFromEnv(env);
    const bids: Bid[] = [];
    const p = progress(io, 'fetching bids');
    try {
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
        const page = parseBody(await request(config, 'GET', `/v1/auctions/${encodeURIComponent(auctionId)}/bids?${query}`), BidPageResponseSchema);
        bids.push(...page.items);
        cursor = page.nextCursor;
        p.update(`fetching bids: ${bids.length}`);
      } while (cursor);
    } finally {
      p.done();
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ items: bids }, null, 2)}\n`);
    else io.stdout.write(bids.length === 0 ? 'no bids\n' : formatTable(BID_HEADERS, bids.map(bidRow), ['left', 'left', 'left', 'left', 'right', 'right', 'left']));
    return 0;
  },
};
