// GET /v1/auctions/{id}/result with Accept: text/csv (SPEC §4 "Results as files"): its paging query.
import { z } from 'zod';

export const ResultCsvQuerySchema = z.strictObject({
  // Decimal digits only, as in every other limit (Number() would take '0x10' or '1e3').
  limit: z.string().regex(/^[0-9]{1,5}$/).pipe(z.coerce.number<string>().int().min(1).max(20_000)).default(20_000)
    .describe('CSV only: rows per page (1..20000); a page also ends before 4 MB'),
  cursor: z.string().min(1).max(512).optional().describe('CSV only: the X-Next-Cursor header (or Link: rel="next") of the previous page'),
});

export type ResultCsvQuery = z.infer<typeof ResultCsvQuerySchema>;
