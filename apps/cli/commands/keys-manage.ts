// broker keys list | revoke KEY_ID | rotate KEY_ID: the API keys (GET /v1/keys, all pages;
// DELETE /v1/keys/{keyId}; POST /v1/keys/{keyId}/rotate). A secret only once, when rotated.
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { KeyPageSchema, RotatedKeySchema, type KeySummary } from '../../../schemas/api/keys';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import { progress } from '../output/progress';
import { formatTable } from '../output/table';

const none = optionsParser(COMMON_OPTIONS, 0, CommonOptionsSchema);
const oneKeyId = optionsParser(COMMON_OPTIONS, 1, CommonOptionsSchema.extend({ positionals: OneArgument }));

/** Columns of `keys list`; `last used` and `rotated` appear once the API reports them. */
export function keyRow(k: KeySummary & { lastUsedAt?: string | undefined }): string[] {
  return [k.keyId, k.status, k.role, k.bidderId, k.classes.join(',') || '-', k.createdAt, k.lastUsedAt ?? '-', k.expiresAt ?? '-'];
}

export const keysList = defineCommand({
  name: 'keys list',
  summary: 'List API keys: role, bidder, classes, created, last used, expiry (operator; never a secret)',
  usage: 'broker keys list [--json]',
  parse: none,
  async run({ args, io, client }) {
    const api = client();
    const keys: KeySummary[] = [];
    const p = progress(io, 'fetching keys');
    try {
      let cursor: string | undefined;
      do {
        const page = await api.get(`/v1/keys?${new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) })}`, KeyPageSchema);
        keys.push(...page.items);
        cursor = page.nextCursor;
        p.update(`fetching keys: ${keys.length}`);
      } while (cursor);
    } finally {
      p.done();
    }
    if (args.json) io.stdout(`${JSON.stringify({ items: keys }, null, 2)}\n`);
    else io.stdout(formatTable(['key id', 'status', 'role', 'bidder', 'classes', 'created', 'last used', 'expires'], keys.map(keyRow)));
    return 0;
  },
});

export const keysRevoke = defineCommand({
  name: 'keys revoke',
  summary: 'Revoke a key (operator): refused everywhere within 5 s',
  usage: 'broker keys revoke KEY_ID [--json]',
  parse: oneKeyId,
  async run({ args, io, client }) {
    const [keyId] = args.positionals;
    await client().request('DELETE', `/v1/keys/${encodeURIComponent(keyId)}`);
    io.stdout(args.json ? `${JSON.stringify({ keyId, revoked: true })}\n` : `key ${keyId} revoked\n`);
    return 0;
  },
});

const rotateOptions = optionsParser({ ...COMMON_OPTIONS, grace: { type: 'string' } }, 1, CommonOptionsSchema.extend({
  positionals: OneArgument,
  grace: z.string().regex(/^[0-9]{1,5}$/, 'seconds, 0..86400').pipe(z.coerce.number<string>().int().max(86_400, 'at most 86400 s (24 h)')).optional(),
}));

export const keysRotate = defineCommand({
  name: 'keys rotate',
  summary: 'Replace a key\'s secret (the operator any key, a bidder its own); the old secret works for --grace seconds (≤ 24 h)',
  usage: 'broker keys rotate KEY_ID [--grace SECONDS] [--json]',
  parse: rotateOptions,
  async run({ args, io, client }) {
    const [keyId] = args.positionals;
    const response = await client().request('POST', `/v1/keys/${encodeURIComponent(keyId)}/rotate`, { json: args.grace === undefined ? {} : { gracePeriodSeconds: args.grace } });
    const rotated = parseBody(response, RotatedKeySchema);
    if (args.json) io.stdout(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
    else io.stdout(`key ${rotated.keyId} rotated; new secret (shown once): ${rotated.key}\nthe previous secret works until ${rotated.previousKeyValidUntil}\n`);
    return 0;
  },
});
