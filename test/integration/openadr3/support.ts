// Helpers for the OpenADR 3 suites: a VEN's token (form or Basic), calls with it, and a strict
// check that a VTN object has only the specification's fields (extension goes in targets and
// payloadDescriptors, never new top-level fields) and parses with its schema.
import { expect } from 'vitest';
import type { z } from 'zod';
import type { App } from '../../../lib/http/app';
import { ClientCredentialResponseSchema } from '../../../lib/openadr/objects';

export async function keyIdOf(app: App, key: string): Promise<string> {
  const res = await app.request('/v1/me', { headers: { authorization: `Bearer ${key}` } });
  return ((await res.json()) as { keyId: string }).keyId;
}

export async function tokenFor(app: App, clientId: string, secret: string, via: 'form' | 'basic' = 'form'): Promise<Response> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(via === 'form' ? { client_id: clientId, client_secret: secret } : {}) });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (via === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  return app.request('/openadr3/auth/token', { method: 'POST', headers, body: form.toString() });
}

export async function venToken(app: App, key: string): Promise<string> {
  const res = await tokenFor(app, await keyIdOf(app, key), key);
  expect(res.status).toBe(200);
  return ClientCredentialResponseSchema.parse(await res.json()).access_token;
}

export function oadrCall(app: App) {
  return (method: string, path: string, token: string | null, json?: unknown) => app.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

/** Parses with the schema and checks no top-level field outside it. */
export function strictly<S extends z.ZodObject>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.parse(value);
  const extra = Object.keys(value as object).filter((k) => !(k in schema.shape));
  expect(extra, 'fields outside the OpenADR object').toEqual([]);
  return parsed;
}
