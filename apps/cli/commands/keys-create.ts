// broker keys create: a new API key (POST /v1/keys, operator). The key is shown once.
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { CreatedKeySchema } from '../../../schemas/api/keys';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser } from '../command';

const OPTIONS = {
  ...COMMON_OPTIONS,
  role: { type: 'string' },
  'bidder-id': { type: 'string' },
  classes: { type: 'string' },
  'idempotency-key': { type: 'string' },
} as const;

const ArgsSchema = CommonOptionsSchema.extend({
  role: z.enum(['bidder', 'operator'], { error: '--role must be bidder or operator' }),
  'bidder-id': z.string().optional(),
  classes: z.string().optional(),
  'idempotency-key': z.string().optional(),
});

const parse = optionsParser(OPTIONS, 0, ArgsSchema);

export const keysCreate = defineCommand({
  name: 'keys create',
  summary: 'Create an API key for a bidder or an operator (operator)',
  usage: 'broker keys create --role bidder --bidder-id ID --classes ai,mining | --role operator [--bidder-id ID] [--idempotency-key K] [--json]',
  parse,
  async run({ args, io, client }) {
    // The API validates the body (a bidder without --bidder-id is its 422, with the field path).
    const body = args.role === 'bidder'
      ? { role: 'bidder', bidderId: args['bidder-id'], classes: (args.classes ?? '').split(',').map((c) => c.trim()).filter(Boolean) }
      : { role: 'operator', ...(args['bidder-id'] ? { bidderId: args['bidder-id'] } : {}) };
    const response = await client().request('POST', '/v1/keys', { json: body, idempotencyKey: args['idempotency-key'] });
    const created = parseBody(response, CreatedKeySchema);
    if (args.json) io.stdout(`${response.text}\n`);
    else {
      io.stdout(`${created.key}\n`);
      io.stderr(`key for ${created.role} ${created.bidderId}${created.classes?.length ? ` (${created.classes.join(', ')})` : ''}: shown once, store it now\n`);
    }
    return 0;
  },
});
