// broker auction create: opens an auction (POST /v1/auctions, operator).
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { AuctionSchema } from '../../../schemas/api/auctions';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser } from '../command';
import { formatTable } from '../output/table';
import { AUCTION_HEADERS, auctionRow } from './auction-rows';

const OPTIONS = {
  ...COMMON_OPTIONS,
  zone: { type: 'string' },
  'delivery-start': { type: 'string' },
  'interval-minutes': { type: 'string' },
  'interval-count': { type: 'string' },
  'gate-closure': { type: 'string' },
  pricing: { type: 'string' },
  currency: { type: 'string' },
  'time-zone': { type: 'string' },
  'idempotency-key': { type: 'string' },
} as const;

const REQUIRED = ['zone', 'delivery-start', 'interval-minutes', 'interval-count', 'gate-closure'] as const;

// Presence only: the values are the API's to validate (its problem names the field).
const ArgsSchema = CommonOptionsSchema.extend({
  zone: z.string().optional(),
  'delivery-start': z.string().optional(),
  'interval-minutes': z.string().optional(),
  'interval-count': z.string().optional(),
  'gate-closure': z.string().optional(),
  pricing: z.string().optional(),
  currency: z.string().optional(),
  'time-zone': z.string().optional(),
  'idempotency-key': z.string().optional(),
}).check((ctx) => {
  const missing = REQUIRED.filter((name) => ctx.value[name] === undefined);
  if (missing.length > 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: `missing ${missing.map((m) => `--${m}`).join(', ')}` });
});

const parse = optionsParser(OPTIONS, 0, ArgsSchema);

export const auctionCreate = defineCommand({
  name: 'auction create',
  summary: 'Open an auction (operator)',
  usage: 'broker auction create --zone ZONE --delivery-start ISO --interval-minutes 15|30|60 --interval-count N --gate-closure ISO [--pricing uniform|pay-as-bid] [--currency USD] [--time-zone Asia/Karachi] [--idempotency-key K] [--json]',
  parse,
  async run({ args, io, client }) {
    const body = {
      zone: args.zone,
      deliveryStart: args['delivery-start'],
      intervalMinutes: Number(args['interval-minutes']),
      intervalCount: Number(args['interval-count']),
      gateClosure: args['gate-closure'],
      ...(args.pricing ? { pricing: args.pricing } : {}),
      ...(args.currency ? { currency: args.currency } : {}),
      ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}),
    };
    const response = await client().request('POST', '/v1/auctions', { json: body, idempotencyKey: args['idempotency-key'] });
    const auction = parseBody(response, AuctionSchema);
    if (args.json) io.stdout(`${response.text}\n`);
    else io.stdout(formatTable(AUCTION_HEADERS, [auctionRow(auction)]));
    return 0;
  },
});
