// broker keys create: a new API key (POST /v1/keys, operator). The key is shown once.
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request, usageError } from '../http-client';
import { CreatedKeyResponseSchema } from '../api-shapes';

export const keysCreate: Command = {
  name: 'keys create',
  summary: 'Create an API key for a bidder or an operator (operator)',
  usage: 'broker keys create --role bidder --bidder-id ID --classes ai,mining | --role operator [--bidder-id ID] [--idempotency-key K] [--json]',
  async run(args, { io, env }) {
    const { values } = parse(args, {
      ...COMMON_OPTIONS,
      role: { type: 'string' },
      'bidder-id': { type: 'string' },
      classes: { type: 'string' },
      'idempotency-key': { type: 'string' },
    }, 0);
    if (values.role !== 'bidder' && values.role !== 'operator') throw usageError('--role must be bidder or operator');
    const body = values.role === 'bidder'
      ? { role: 'bidder', bidderId: values['bidder-id'], classes: (values.classes ?? '').split(',').map((c) => c.trim()).filter(Boolean) }
      : { role: 'operator', ...(values['bidder-id'] ? { bidderId: values['bidder-id'] } : {}) };
    const response = await request(clientConfigFromEnv(env), 'POST', '/v1/keys', { json: body, idempotencyKey: values['idempotency-key'] });
    const created = parseBody(response, CreatedKeyResponseSchema);
    if (values.json) io.stdout.write(`${response.text}\n`);
    else {
      io.stdout.write(`${created.key}\n`);
      io.stderr.write(`key for ${created.role} ${created.bidderId}${created.classes?.length ? ` (${created.classes.join(', ')})` : ''}: shown once, store it now\n`);
    }
    return 0;
  },
};
