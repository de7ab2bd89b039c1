// broker clear AUCTION [--force]: asks the broker to clear an auction now
// (POST /v1/auctions/{id}/clear, operator), then waits for the published result with a progress
// indicator. `broker clear BOOK.json` is the offline replay instead (clear-book-file.ts).
import { z } from 'zod';
import { ApiError, parseBody } from '../../../lib/api-client';
import { ResultSchema } from '../../../schemas/result';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import { FailureError, toCliError } from '../errors';
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

/** 404/409 from GET …/result: the schedule or this request is still clearing. */
const stillClearing = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 409);

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
      await api.request('POST', `${path}/clear`, { json: args.force ? { force: true } : {}, idempotencyKey: args['idempotency-key'] });
      const deadline = Date.now() + args.wait * 1000;
      for (;;) {
        try {
          const response = await api.request('GET', `${path}/result`);
          const published = parseBody(response, ResultSchema);
          p.done();
          io.stdout(args.json ? `${response.text.trimEnd()}\n` : resultText(published));
          return 0;
        } catch (error) {
          const failure = toCliError(error);
          if (failure && Date.now() >= deadline) throw new FailureError(`no result published within ${args.wait} s: ${failure.message}`);
          if (!stillClearing(error)) throw error;
        }
        p.update(`clearing ${auctionId}: waiting for the result`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      p.done();
    }
  },
});
