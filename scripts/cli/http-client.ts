// The `broker` CLI's HTTP client: BROKER_URL and BROKER_KEY from the environment, Bearer auth,
// an Idempotency-Key on every POST, and RFC 9457 problems turned into CliErrors that carry the
// detail, the field paths and the exit code (2 for the caller's input, 1 for the server or network).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

export interface ClientConfig {
  url: string;
  key: string;
}

/** Reads the CLI's two settings; the one place the CLI reads its environment. */
export function clientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const url = env.BROKER_URL || 'http://127.0.0.1:3000';
  const key = env.BROKER_KEY;
  if (!key) throw usageError('BROKER_KEY is not set: export BROKER_KEY=<your API key> (and BROKER_URL, default http://127.0.0.1:3000)');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw usageError(`BROKER_URL is not an http(s) URL: ${url}`);
  }
  return { url: url.replace(/\/+$/, ''), key };
}

const ProblemSchema = z.object({
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Statuses that mean "your input was wrong" (exit 2); anything else is a failure (exit 1). */
const INPUT_STATUSES = new Set([400, 413, 415, 422]);

export function problemMessage(status: number, statusText: string, body: unknown): string {
  const problem = ProblemSchema.safeParse(body);
  if (!problem.success) return `HTTP ${status} ${statusText}`.trim();
  const p = problem.data;
  const lines = [`${p.title ?? statusText ?? 'Error'} (HTTP ${status})${p.detail ? `: ${p.detail}` : ''}`];
  for (const error of p.errors ?? []) lines.push(`  ${error.path || '(body)'}: ${error.message}`);
  return lines.join('\n');
}

export interface RequestOptions {
  json?: unknown;
  text?: string;
  contentType?: string;
  accept?: string;
  idempotencyKey?: string | undefined;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
}

export async function request(config: ClientConfig, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${config.key}`,
    accept: options.accept ?? 'application/json, application/problem+json',
  };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.text !== undefined) {
    body = options.text;
    headers['content-type'] = options.contentType ?? 'text/plain';
  }
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  let response: Response;
  try {
    response = await fetch(`${config.url}${path}`, { method, headers, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach the broker at ${config.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, EXIT_FAILURE);
  }
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    const message = problemMessage(response.status, response.statusText, parsed);
    throw new CliError(message, INPUT_STATUSES.has(response.status) ? EXIT_USAGE : EXIT_FAILURE);
  }
  return { status: response.status, contentType, text };
}

/** The response body as JSON, validated against the API's schema for it. */
export function parseBody<T>(response: ApiResponse, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch {
    throw new CliError(`the broker answered HTTP ${response.status} with a body that is not JSON`, EXIT_FAILURE);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(`unexpected response from the broker: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`, EXIT_FAILURE);
  }
  return parsed.data;
}
