// The server-rendered transparency pages (no key): GET /public (published auctions) and
// GET /public/auction/{id} (one auction with the split chart). Same data as GET /public/auctions….
import { secureHeaders } from 'hono/secure-headers';
import { PublicListQuerySchema } from '../../../schemas/api/market-data';
import { IdSchema } from '../../../schemas/api/common';
import { PublicAuctionPage, PublicAuctionsPage } from '../../dashboard/pages/public';
import { listPublicAuctions, publicAuction, type MarketDataDeps } from '../../lifecycle/market-data';
import { ProblemError } from '../problem';
import { createRouter } from '../router';

import { z } from 'zod';
import { formatPath } from '../../kernel/field-path';

const PageQuerySchema = z.strictObject({ cursor: PublicListQuerySchema.shape.cursor });
const NoQuerySchema = z.strictObject({});

function query<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProblemError(400, 'the request query is invalid', parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })), 'validation');
  return parsed.data;
}

export function publicPageRoutes(md: MarketDataDeps) {
  const app = createRouter();
  const pages = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  });
  app.get('/public', pages, async (c) => {
    const { cursor } = query(PageQuerySchema, c.req.query());
    const page = await listPublicAuctions(md, { limit: 50, cursor }, {});
    return c.html(<PublicAuctionsPage auctions={page.items} nextCursor={page.nextCursor} />);
  });
  app.get('/public/auction/:id', pages, async (c) => {
    query(NoQuerySchema, c.req.query());
    const id = IdSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new ProblemError(400, 'the request param is invalid', [{ path: 'id', message: id.error.issues[0]?.message ?? 'invalid' }], 'validation');
    const detail = await publicAuction(md, id.data);
    if (!detail) throw new ProblemError(404, `no published auction ${id.data}`);
    return c.html(<PublicAuctionPage auction={detail} />);
  });
  return app;
}
