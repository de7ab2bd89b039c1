// broker clear AUCTION [--force]: asks the broker to clear an auction now
// (POST /v1/auctions/{id}/clear, operator), then waits for the published result with a progress
// indicator. `broker clear BOOK.json` (an existing .json file) is the offline replay instead.
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request, CliError, EXIT_FAILURE, usageError } from '../http-client';
import { ResultSchema } from '../../../schemas/result';
import { progress } from '../output';
import { resultText } from './result';

export const clearOnServer: Command = {
  name: 'clear',
  summary: 'Clear an auction on the broker now (operator); with a BOOK.json file: offline replay',
  usage: 'broker clear AUCTION [--force] [--wait SECONDS] [--idempotency-key K] [--json]   |   broker clear BOOK.json [-o RESULT.json]',
  async run(args, { io, env }) {
    const { values, positionals } = parse(args, {
      ...COMMON_OPTIONS,
      force: { type: 'boolean', default: false },
      wait: { type: 'string', default: '300' },
      'idempotency-key': { type: 'string' },
    }, 1);
    const auctionId = positionals[0] as string;
    const waitSeconds = Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw usageError('--wait must be a number of seconds');
    const config = clientConfigFromEnv(env);
    const path = `/v1/auctions/${encodeURIComponent(auctionId)}`;
    const p = progress(io, `clearing ${auctionId}`);
    try {
      await request(config, 'POST', `${path}/clear`, { json: values.force ? { force: true } : {}, idempotencyKey: values['idempotency-key'] });
      const deadline = Date.now() + waitSeconds * 1000;
      for (;;) {
        try {
          const response = await request(config, 'GET', `${path}/result`);
          const published = parseBody(response, ResultSchema);
          p.done();
          io.stdout.write(values.json ? `${response.text.trimEnd()}\n` : resultText(published));
          return 0;
        } catch (error) {
          // 404/409 while the schedule or the request is still clearing: keep waiting.
          if (!(error instanceof CliError) || !/HTTP (404|409)\)/.test(error.message) || Date.now() >= deadline) {
            if (error instanceof CliError && Date.now() >= deadline) throw new CliError(`no result published within ${waitSeconds} s: ${error.message}`, EXIT_FAILURE);
            throw error;
          }
        }
        p.update(`clearing ${auctionId}: waiting for the result`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      p.done();
    }
  },
};
