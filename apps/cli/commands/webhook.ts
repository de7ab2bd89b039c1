// broker webhook get | set URL | delete: the bidder's push target for curtailment notices
// (GET / PUT / DELETE /v1/webhook). `set` prints the signing secret once, as the API shows it;
// `test` asks for a signed test notice (POST /v1/webhook/test), delivered like a curtailment's.
import { parseBody } from '../../../lib/api-client';
import { WebhookRegistrationResponseSchema, WebhookSchema } from '../../../schemas/lifecycle';
import { WebhookTestResponseSchema } from '../../../schemas/api/webhook-test';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';

const none = optionsParser(COMMON_OPTIONS, 0, CommonOptionsSchema);
const oneUrl = optionsParser(COMMON_OPTIONS, 1, CommonOptionsSchema.extend({ positionals: OneArgument }));

export const webhookGet = defineCommand({
  name: 'webhook get',
  summary: 'Show your webhook URL (bidder; never the secret)',
  usage: 'broker webhook get [--json]',
  parse: none,
  async run({ args, io, client }) {
    const hook = await client().get('/v1/webhook', WebhookSchema);
    io.stdout(args.json ? `${JSON.stringify(hook, null, 2)}\n` : `${hook.url}   (registered ${hook.createdAt})\n`);
    return 0;
  },
});

export const webhookSet = defineCommand({
  name: 'webhook set',
  summary: 'Register your webhook URL (bidder); prints the new signing secret once',
  usage: 'broker webhook set URL [--json]',
  parse: oneUrl,
  async run({ args, io, client }) {
    const response = await client().request('PUT', '/v1/webhook', { json: { url: args.positionals[0] } });
    const hook = parseBody(response, WebhookRegistrationResponseSchema);
    io.stdout(args.json ? `${response.text}\n` : `webhook ${hook.url} registered\nsigning secret ${hook.secret}   (shown once: store it to verify X-Broker-Signature)\n`);
    return 0;
  },
});

export const webhookDelete = defineCommand({
  name: 'webhook delete',
  summary: 'Remove your webhook (bidder); notices stay in broker events',
  usage: 'broker webhook delete [--json]',
  parse: none,
  async run({ args, io, client }) {
    await client().request('DELETE', '/v1/webhook');
    io.stdout(args.json ? `${JSON.stringify({ deleted: true })}\n` : 'webhook removed\n');
    return 0;
  },
});

export const webhookTest = defineCommand({
  name: 'webhook test',
  summary: 'Send a signed test notice to your webhook (bidder), through the same outbox as curtailment notices',
  usage: 'broker webhook test [--json]',
  parse: none,
  async run({ args, io, client }) {
    const response = await client().request('POST', '/v1/webhook/test');
    const queued = parseBody(response, WebhookTestResponseSchema);
    io.stdout(args.json ? `${response.text}\n` : `test notice ${queued.eventId} queued for ${queued.url}\n(type "test", signed with your webhook secret in X-Broker-Signature; delivered by the next notice run, within a minute)\n`);
    return 0;
  },
});

export const WEBHOOK_COMMANDS = [webhookGet, webhookSet, webhookDelete, webhookTest];
