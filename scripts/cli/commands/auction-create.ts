// broker auction create: opens an auction (POST /v1/auctions, operator).
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request, usageError } from '../http-client';
import { AuctionResponseSchema } from '../api-shapes';
import { formatTable } from '../output';

export const auctionCreate: Command = {
  name: 'auction create',
  summary: 'Open an auction (operator)',
  usage: 'broker auction create --zone ZONE --delivery-start ISO --interval-minutes 15|30|60 --interval-count N --gate-closure ISO [--pricing uniform|pay-as-bid] [--currency USD] [--idempotency-key K] [--json]',
  async run(args, { io, env }) {
    const { values } = parse(args, {
      ...COMMON_OPTIONS,
      zone: { type: 'string' },
      'delivery-start': { type: 'string' },
      'interval-minutes': { type: 'string' },
      'interval-count': { type: 'string' },
      'gate-closure': { type: 'string' },
      pricing: { type: 'string' },
      currency: { type: 'string' },
      'idempotency-key': { type: 'string' },
    }, 0);
    const missing = ['zone', 'delivery-start', 'interval-minutes', 'interval-count', 'gate-closure'].filter((name) => values[name as keyof typeof values] === undefined);
    if (missing.length > 0) throw usageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    const body = {
      zone: values.zone,
      deliveryStart: values['delivery-start'],
      intervalMinutes: Number(values['interval-minutes']),
      intervalCount: Number(values['interval-count']),
      gateClosure: values['gate-closure'],
      ...(values.pricing ? { pricing: values.pricing } : {}),
      ...(values.currency ? { currency: values.currency } : {}),
    };
    const response = await request(clientConfigFromEnv(env), 'POST', '/v1/auctions', { json: body, idempotencyKey: values['idempotency-key'] });
    const auction = parseBody(response, AuctionResponseSchema);
    if (values.json) io.stdout.write(`${response.text}\n`);
    else io.stdout.write(formatTable(['id', 'status', 'zone', 'delivery start', 'intervals', 'gate closure'], [[auction.id, auction.status, auction.zone, auction.deliveryStart, `${auction.intervalCount} x ${auction.intervalMinutes} min`, auction.gateClosure]]));
    return 0;
  },
};
