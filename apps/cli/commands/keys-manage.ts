// broker keys list | revoke KEY_ID: the operator's view of the API keys (GET /v1/keys, all pages;
// DELETE /v1/keys/{keyId}). Never a secret: the API does not keep them.
import { KeyPageSchema, type KeySummary } from '../../../schemas/api/keys';
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
