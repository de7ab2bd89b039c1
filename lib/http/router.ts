// Every sub-app is an OpenAPIHono whose validation failures become problem+json with field paths.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { problem } from './problem';
import { zodFieldErrors } from '../market/field-errors';
import { ProblemSchema } from '../../schemas/api/common';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === 'json' ? 'body' : result.target;
        return problem(c, 400, `the request ${where} is invalid`, zodFieldErrors(result.error.issues), { slug: 'validation' });
      }
      return undefined;
    },
  });
}

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
const describe = (description: string) => ({ description, content: problemContent });

/** Error responses for OpenAPI, by status. */
export const problems = {
  400: describe('Invalid request: malformed JSON, or validation errors with field paths'),
  401: describe('Missing or unknown API key'),
  403: describe('The key may not do this'),
  404: describe('Not found (also another bidder\'s bid)'),
  409: describe('Conflict: gate closed, or a concurrent change'),
  413: describe('Body over 1 MB'),
  415: describe('Unsupported media type'),
  422: describe('Does not fit the auction, or Idempotency-Key reused with another body'),
  429: describe('Rate limit exceeded; see Retry-After'),
  503: describe('The write kept conflicting with concurrent writes after its retries; send it again'),
} as const;

export const security = [{ bearer: [] as string[] }];
