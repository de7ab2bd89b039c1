// broker bid submit AUCTION FILE.json: submits one bid (an object) or several (an array), each
// with its own Idempotency-Key — derived from the auction, the bid's position and its JSON (or
// from --idempotency-key when given), so a rerun of the same file stores nothing twice.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { StoredBidSchema, type StoredBid } from '../../../schemas/api/bids';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser, TwoArguments } from '../command';
import { toCliError, withContext } from '../errors';
import { parseJsonInput, readInput } from '../input-files';
import { progress } from '../output/progress';
import { formatTable } from '../output/table';
import { BID_ALIGN, BID_HEADERS, bidRow } from './bids-list';

const parse = optionsParser({ ...COMMON_OPTIONS, 'idempotency-key': { type: 'string' } }, 2, CommonOptionsSchema.extend({ 'idempotency-key': z.string().optional(), positionals: TwoArguments }));

export const bidSubmit = defineCommand({
  name: 'bid submit',
  summary: 'Submit a bid, or an array of bids, from a JSON file (bidder)',
  usage: 'broker bid submit AUCTION FILE.json [--idempotency-key K] [--json]   (a rerun of the same file stores nothing new; a new K submits it again)',
  parse,
  async run({ args, io, client }) {
    const [auctionId, file] = args.positionals;
    // Each bid is validated by the API (field paths in its problem), not here.
    const input = parseJsonInput(file, await readInput(io, file));
    const bids: unknown[] = Array.isArray(input) ? input : [input];
    const api = client();
    const baseKey = args['idempotency-key'];
    const stored: StoredBid[] = [];
    const p = progress(io, `submitting ${bids.length} bid(s)`);
    try {
      for (const [index, bid] of bids.entries()) {
        const key = baseKey === undefined ? deterministicKey(auctionId, index, bid) : bids.length === 1 ? baseKey : `${baseKey}-${index}`;
        try {
          const response = await api.request('POST', `/v1/auctions/${encodeURIComponent(auctionId)}/bids`, { json: bid, idempotencyKey: key });
          stored.push(parseBody(response, StoredBidSchema));
        } catch (error) {
          const failure = toCliError(error);
          if (failure && bids.length > 1) throw withContext(failure, `bid [${index}] of ${file} (${stored.length} stored before it)`);
          throw error;
        }
        p.update(`submitted ${index + 1}/${bids.length}`);
      }
    } finally {
      p.done();
    }
    if (args.json) io.stdout(`${JSON.stringify(Array.isArray(input) ? stored : stored[0], null, 2)}\n`);
    else io.stdout(formatTable(BID_HEADERS, stored.map(bidRow), BID_ALIGN));
    return 0;
  },
});

/**
 * The key a rerun of the same file sends again: the server answers with the first response for
 * 24 h instead of storing a duplicate. Scoped by the server to the caller's API key.
 */
export function deterministicKey(auctionId: string, index: number, bid: unknown): string {
  const digest = createHash('sha256').update(`${auctionId}\n${index}\n${JSON.stringify(bid)}`, 'utf8').digest('hex');
  return `cli-bid-${digest.slice(0, 40)}`;
}
