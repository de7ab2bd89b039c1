// broker bid cancel AUCTION BID: deletes one's own bid before gate closure (DELETE …/bids/{bidId}).
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser, TwoArguments } from '../command';

const parse = optionsParser(COMMON_OPTIONS, 2, CommonOptionsSchema.extend({ positionals: TwoArguments }));

export const bidCancel = defineCommand({
  name: 'bid cancel',
  summary: 'Cancel one of your bids before gate closure (bidder)',
  usage: 'broker bid cancel AUCTION BID [--json]',
  parse,
  async run({ args, io, client }) {
    const [auctionId, bidId] = args.positionals;
    await client().request('DELETE', `/v1/auctions/${encodeURIComponent(auctionId)}/bids/${encodeURIComponent(bidId)}`);
    io.stdout(args.json ? `${JSON.stringify({ auctionId, bidId, cancelled: true })}\n` : `bid ${bidId} cancelled\n`);
    return 0;
  },
});
