// broker clear AUCTION [--force]: asks the broker to clear an auction now
// (POST /v1/auctions/{id}/clear, operator; 202 locally and deployed alike), then polls the
// auction's status with a progress indicator until it is cleared (prints the published result)
// or failed (exits with the reason). `broker clear BOOK.json` is the offline replay instead
// (clear-book-file.ts).
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { AuctionSchema } from '../../../schemas/api/auctions';
import { ClearResponseSchema } from '../../../schemas/lifecycle';
import { ResultSchema } from '../../../schemas/result';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import { FailureError } from '../errors';
import { progress } from '../output/progress';
import { resultText } from './result';

const OPTIONS = {
  ...COMMON_OPTIONS,
  force: { type: 'boolean', default: false },
  wait: { type: 'string', default: '300' },
  'idempotency-key': { type: 'string' },
} as const;

const WAIT_MESSAGE = '--wait must be a number of seconds';

const ArgsSchema = CommonOptionsSchema.extend({
  force: z.boolean(),
  wait: z.string().transform(Number).pipe(z.number({ error: WAIT_MESSAGE }).min(0, WAIT_MESSAGE)),
  'idempotency-key': z.string().optional(),
  positionals: OneArgument,
});

/** Statuses in which the result is published. */
const PUBLISHED = new Set(['cleared', 'delivering', 'settled']);
const POLL_MS = 500;

const parse = optionsParser(OPTIONS, 1, ArgsSchema);

export const clearOnServer = defineCommand({
  name: 'clear',
  summary: 'Clear an auction on the broker now (operator); with a BOOK.json file: offline replay',
  usage: 'broker clear AUCTION [--force] [--wait SECONDS] [--idempotency-key K] [--json]   |   broker clear BOOK.json [-o RESULT.json]',
  parse,
  async run({ args, io, client }) {
    const [auctionId] = args.positionals;
    const api = client();
    const path = `/v1/auctions/${encodeURIComponent(auctionId)}`;
    const p = progress(io, `clearing ${auctionId}`);
    try {
      const accepted = parseBody(await api.request('POST', `${path}/clear`, { json: args.force ? { force: true } : {}, idempotencyKey: args['idempotency-key'] }), ClearResponseSchema);
      const deadline = Date.now() + args.wait * 1000;
      let status = accepted.status;
      while (!PUBLISHED.has(status)) {
        if (Date.now() >= deadline) throw new FailureError(`no result published within ${args.wait} s (auction ${auctionId} is ${status})`);
        p.update(`clearing ${auctionId}: ${status}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const auction = await api.get(path, AuctionSchema);
        if (auction.status === 'failed') throw new FailureError(`clearing ${auctionId} failed${auction.failure ? `: ${auction.failure.reason}` : ''}`);
        status = auction.status;
      }
      const response = await api.request('GET', `${path}/result`);
      const published = parseBody(response, ResultSchema);
      p.done();
      io.stdout(args.json ? `${response.text.trimEnd()}\n` : resultText(published));
      return 0;
    } finally {
      p.done();
    }
  },
});
