// lib/api-client: the one client the CLI and the dashboard share, against a scripted fetch.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, ApiResponseError, ApiUnreachableError, createApiClient, type FetchLike } from '../../lib/api-client';

interface Call { url: string; init: RequestInit | undefined }

function scripted(respond: (url: string) => Response): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return { calls, fetch: async (url, init) => { calls.push({ url, init }); return respond(url); } };
}

const problem = (status: number, detail?: string) => new Response(JSON.stringify({
  type: 'https://surplus-broker.dev/problems/x', title: 'Not found', status, ...(detail ? { detail } : {}), instance: '/v1/x',
}), { status, headers: { 'content-type': 'application/problem+json' } });

const headersOf = (call: Call | undefined) => new Headers(call?.init?.headers);

describe('api client', () => {
  it('sends the bearer key, prefixes the base URL and adds an Idempotency-Key to POSTs only', async () => {
    const { fetch, calls } = scripted(() => Response.json({ ok: true }));
    const client = createApiClient({ fetch, key: 'sb_k', baseUrl: 'http://broker' });
    await client.request('POST', '/v1/keys', { json: { role: 'operator' } });
    await client.request('POST', '/v1/keys', { json: {}, idempotencyKey: 'k-1' });
    await client.get('/v1/me', z.object({ ok: z.boolean() }));
    expect(calls.map((c) => c.url)).toEqual(['http://broker/v1/keys', 'http://broker/v1/keys', 'http://broker/v1/me']);
    expect(headersOf(calls[0]).get('authorization')).toBe('Bearer sb_k');
    expect(headersOf(calls[0]).get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headersOf(calls[1]).get('idempotency-key')).toBe('k-1');
    expect(headersOf(calls[2]).has('idempotency-key')).toBe(false);
  });

  it('turns a problem answer into an ApiError with status, problem and detail', async () => {
    const client = createApiClient({ fetch: scripted(() => problem(403, 'operator key required')).fetch, key: 'k' });
    const error = await client.get('/v1/auctions', z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, detail: 'operator key required', problem: { title: 'Not found', status: 403 } });
  });

  it('returns null for 404/409 from getOptional, and throws other statuses', async () => {
    const client = createApiClient({ fetch: scripted((url) => problem(url.endsWith('/a') ? 404 : url.endsWith('/b') ? 409 : 500)).fetch, key: 'k' });
    expect(await client.getOptional('/a', z.unknown())).toBeNull();
    expect(await client.getOptional('/b', z.unknown())).toBeNull();
    await expect(client.getOptional('/c', z.unknown())).rejects.toMatchObject({ status: 500 });
  });

  it('refuses a 2xx body that does not match the schema, and reports an unreachable broker', async () => {
    const client = createApiClient({ fetch: scripted(() => Response.json({ id: 7 })).fetch, key: 'k' });
    await expect(client.get('/x', z.object({ id: z.string() }))).rejects.toBeInstanceOf(ApiResponseError);
    const refused: FetchLike = async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); };
    const down = createApiClient({ fetch: refused, key: 'k', baseUrl: 'http://127.0.0.1:1' });
    await expect(down.get('/x', z.unknown())).rejects.toEqual(new ApiUnreachableError('http://127.0.0.1:1', 'ECONNREFUSED'));
  });
});
