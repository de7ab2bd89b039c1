// RFC 9457 problem details: every error the API returns has this shape and media type.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem, ProblemFieldError } from '../../schemas/api/common';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Missing or invalid API key'],
  403: ['forbidden', 'Not allowed for this key'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable request'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Internal error'],
};

export function problemBody(status: number, instance: string, detail?: string, errors?: ProblemFieldError[], slug?: string): Problem {
  const [defaultSlug, title] = TITLES[status] ?? ['error', 'Error'];
  return {
    type: `https://surplus-broker.dev/problems/${slug ?? defaultSlug}`,
    title: slug === 'validation' ? 'Invalid request' : title,
    status,
    ...(detail ? { detail } : {}),
    instance,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problem(c: Context, status: ContentfulStatusCode, detail?: string, errors?: ProblemFieldError[], options: { slug?: string; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(problemBody(status, c.req.path, detail, errors, options.slug)), {
    status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...options.headers },
  });
}

/** Thrown by handlers whose typed responses cannot return a problem directly; see onError. */
export class ProblemError extends Error {
  constructor(readonly status: ContentfulStatusCode, detail: string, readonly errors?: ProblemFieldError[], readonly slug?: string) {
    super(detail);
    this.name = 'ProblemError';
  }
}
