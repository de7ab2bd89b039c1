// Shapes shared by every HTTP resource: RFC 9457 problem details and cursor pagination.
import { z } from 'zod';

export const ProblemFieldErrorSchema = z.strictObject({
  path: z.string().describe('Field path in the request, e.g. steps[0].mw; empty for the whole body'),
  message: z.string(),
}).meta({ id: 'ProblemFieldError' });

export const ProblemSchema = z.strictObject({
  type: z.string().describe('A URI naming the problem kind'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional().describe('The request path'),
  errors: z.array(ProblemFieldErrorSchema).optional(),
}).meta({ id: 'Problem' });

export const PageQuerySchema = z.strictObject({
  // Decimal digits only: Number() would also take '0x10', '1e1' or ' 16 '.
  limit: z.string().regex(/^[0-9]{1,3}$/).pipe(z.coerce.number<string>().int().min(1).max(100)).default(50).describe('Items per page (1..100)'),
  cursor: z.string().min(1).max(2048).optional().describe('Opaque cursor from the previous page\'s nextCursor'),
});

/** Request headers of every POST: documented here, enforced by the idempotency middleware. */
export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().describe('Retries with the same key and body return the first response for 24 h; another body → 422'),
});

export const IdSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen');

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;
