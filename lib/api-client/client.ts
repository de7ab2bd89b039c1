// A thin typed client of the broker's HTTP API over any fetch-like function: the CLI passes
// global fetch with BROKER_URL, the dashboard the Hono app's in-process `request`. It adds the
// bearer key (and an Idempotency-Key on every POST), validates bodies with the API's own zod
// schemas and turns every non-2xx answer into one ApiError.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ApiError, ApiResponseError, ApiUnreachableError } from './errors';

/** `fetch`, or anything shaped like it (`(path, init) => app.request(path, init)`). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  key: string;
  /** Prefixed to every path; '' for an in-process app. */
  baseUrl?: string;
  /** Accept header when a request names none. */
  accept?: string;
}

export interface RequestOptions {
  json?: unknown;
  text?: string;
  contentType?: string;
  accept?: string;
  /** POST only; a fresh UUID when not given. */
  idempotencyKey?: string | undefined;
}

/** A 2xx answer as served (the CLI prints `text` verbatim for --json). */
export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
  /** X-Next-Cursor of a paged CSV answer (GET …/result, …/settlement): the next page's ?cursor=. */
  nextCursor?: string | undefined;
}

export interface ApiClient {
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  /** GET, validated against the API's schema for the response. */
  get<T>(path: string, schema: z.ZodType<T>): Promise<T>;
  /** GET; null when the API answers one of `absent` (default 404, 409: not there yet). */
  getOptional<T>(path: string, schema: z.ZodType<T>, absent?: readonly number[]): Promise<T | null>;
}

/** The response body as JSON, validated against the API's schema for it. */
export function parseBody<T>(response: ApiResponse, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch {
    throw new ApiResponseError(`the broker answered HTTP ${response.status} with a body that is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiResponseError(`unexpected response from the broker: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function jsonOrUndefined(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

/** What fetch's rejection says about why: the socket error's code when there is one. */
function unreachableReason(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const field = (name: 'code' | 'message'): unknown =>
    typeof cause === 'object' && cause !== null && name in cause ? Reflect.get(cause, name) : undefined;
  return String(field('code') ?? field('message') ?? (error instanceof Error ? error.message : error));
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const defaultAccept = options.accept ?? 'application/json, application/problem+json';

  async function request(method: string, path: string, req: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.key}`, accept: req.accept ?? defaultAccept };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.text !== undefined) {
      body = req.text;
      headers['content-type'] = req.contentType ?? 'text/plain';
    }
    if (method === 'POST') headers['idempotency-key'] = req.idempotencyKey ?? randomUUID();
    let response: Response;
    try {
      response = await options.fetch(`${baseUrl}${path}`, { method, headers, body });
    } catch (error) {
      throw new ApiUnreachableError(baseUrl, unreachableReason(error));
    }
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, response.statusText, jsonOrUndefined(text));
    const nextCursor = response.headers.get('x-next-cursor') ?? undefined;
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, ...(nextCursor ? { nextCursor } : {}) };
  }

  return {
    request,
    async get(path, schema) {
      return parseBody(await request('GET', path), schema);
    },
    async getOptional(path, schema, absent = [404, 409]) {
      try {
        return parseBody(await request('GET', path), schema);
      } catch (error) {
        if (error instanceof ApiError && absent.includes(error.status)) return null;
        throw error;
      }
    },
  };
}
