// broker bid submit AUCTION FILE.json: submits one bid (an object) or several (an array), each
// with its own Idempotency-Key (derived from --idempotency-key when given, so a rerun of the same
// file with the same key stores nothing twice).
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request, CliError } from '../http-client';
import { BidResponseSchema } from '../api-shapes';
import { formatTable, progress } from '../output';
import { parseJsonInput, readInput } from './forecast-upload';
import { BID_HEADERS, bidRow } from './bids-list';

export const bidSubmit: Command = {
  name: 'bid submit',
  summary: 'Submit a bid, or an array of bids, from a JSON file (bidder)',
  usage: 'broker bid submit AUCTION FILE.json [--idempotency-key K] [--json]',
  async run(args, { io, env, cwd }) {
    const { values, positionals } = parse(args, { ...COMMON_OPTIONS, 'idempotency-key': { type: 'string' } }, 2);
    const [auctionId, file] = positionals as [string, string];
    const input = parseJsonInput(file, readInput(cwd, file));
    const bids = Array.isArray(input) ? input : [input];
    const config = clientConfigFromEnv(env);
    const stored = [];
    const p = progress(io, `submitting ${bids.length} bid(s)`);
    try {
      for (const [index, bid] of bids.entries()) {
        const key = values['idempotency-key'] === undefined ? undefined : bids.length === 1 ? values['idempotency-key'] : `${values['idempotency-key']}-${index}`;
        try {
          const response = await request(config, 'POST', `/v1/auctions/${encodeURIComponent(auctionId)}/bids`, { json: bid, idempotencyKey: key });
          stored.push(parseBody(response, BidResponseSchema));
        } catch (error) {
          if (error instanceof CliError && bids.length > 1) {
            throw new CliError(`bid [${index}] of ${file} (${stored.length} stored before it): ${error.message}`, error.exitCode);
          }
          throw error;
        }
        p.update(`submitted ${index + 1}/${bids.length}`);
      }
    } finally {
      p.done();
    }
    if (values.json) io.stdout.write(`${JSON.stringify(Array.isArray(input) ? stored : stored[0], null, 2)}\n`);
    else io.stdout.write(formatTable(BID_HEADERS, stored.map(bidRow), ['left', 'left', 'left', 'left', 'right', 'right', 'left']));
    return 0;
  },
};
