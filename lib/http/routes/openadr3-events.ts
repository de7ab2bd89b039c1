// GET /openadr3/programs, /events, /events/{eventID}, /vens, /vens/{venID}, /vens/{venID}/resources
// (docs/openadr.md): the spec's paths and query parameters (programID, targetType, targetValues,
// skip, limit ≤ 50); a VEN sees only its own bidder's events, VEN and resources.
import { createRoute, z } from '@hono/zod-openapi';
import type { BidClass } from '../../../schemas/book';
import { EventSchema, ObjectIdSchema, ProgramSchema, ResourceSchema, VenSchema, type OadrValuesMap } from '../../openadr/objects';
import { listPrograms } from '../../openadr/programs';
import { bidderEvent, bidderEvents, bidderResources, type VtnReadDeps } from '../../openadr/vtn-reads';
import { venIdOf } from '../../openadr/ids';
import { ProblemError } from '../problem';
import { oadrProblems, oadrSecurity, venOnly, type OadrRouter } from './openadr3-common';

const count = (max?: number) => z.string().regex(/^[0-9]{1,6}$/).pipe(z.coerce.number<string>().int().min(0).max(max ?? 1_000_000));

export const OadrListQuerySchema = z.object({
  targetType: z.string().min(1).max(128).optional().describe('With targetValues: only objects with a target of this type and one of the values (e.g. RESOURCE_NAME, AUCTION_ID)'),
  targetValues: z.union([z.string().max(128), z.array(z.string().max(128)).max(50)]).optional(),
  skip: count().optional().describe('number of records to skip for pagination'),
  limit: count(50).optional().describe('maximum number of records to return (0..50; default 50)'),
});
const EventQuerySchema = OadrListQuerySchema.extend({ programID: ObjectIdSchema.optional().describe('filter results to events with programID') });

type ListQuery = z.infer<typeof OadrListQuerySchema>;

/** targetType/targetValues filter, then skip and limit (the spec's pagination). */
function pageOf<T extends { targets?: OadrValuesMap[] | null | undefined }>(items: readonly T[], q: ListQuery): T[] {
  const values = q.targetValues === undefined ? undefined : new Set(Array.isArray(q.targetValues) ? q.targetValues : [q.targetValues]);
  const matching = q.targetType === undefined ? items : items.filter((item) => (item.targets ?? []).some((t) => t.type === q.targetType && (values === undefined || t.values.some((v) => typeof v === 'string' && values.has(v)))));
  const skip = q.skip ?? 0;
  return matching.slice(skip, skip + (q.limit ?? 50));
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** The spec's objectID as a path parameter. */
export const objectIdParam = (name: string) => z.string().min(1).max(128).regex(/^[a-zA-Z0-9_-]*$/).openapi({ param: { name, in: 'path' } });
const VenParamsSchema = z.object({ venID: objectIdParam('venID') });

export function openadr3EventRoutes(app: OadrRouter, deps: VtnReadDeps) {
  app.openapi(createRoute({
    method: 'get', path: '/openadr3/programs', tags: ['openadr3'], security: oadrSecurity,
    summary: 'Programs: one per zone and bid class (a bidder sees its classes)',
    request: { query: OadrListQuerySchema },
    responses: { 200: json(z.array(ProgramSchema), 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401] },
  }), async (c) => {
    const p = c.get('principal');
    const classes: BidClass[] = p.role === 'operator' ? ['ai', 'mining'] : p.classes;
    return c.json(pageOf(await listPrograms(deps.market, classes), c.req.valid('query')), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/events', tags: ['openadr3'], security: oadrSecurity,
    summary: 'The VEN\'s events: cleared allocations (IMPORT_CAPACITY_SUBSCRIPTION) and curtailments (IMPORT_CAPACITY_LIMIT), kW per interval',
    middleware: [venOnly] as const,
    request: { query: EventQuerySchema },
    responses: { 200: json(z.array(EventSchema), 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403] },
  }), async (c) => {
    const q = c.req.valid('query');
    return c.json(pageOf(await bidderEvents(deps, c.get('principal').bidderId, q.programID), q), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/events/{eventID}', tags: ['openadr3'], security: oadrSecurity,
    summary: 'One of the VEN\'s events (404 for another bidder\'s)',
    middleware: [venOnly] as const,
    request: { params: z.object({ eventID: objectIdParam('eventID') }) },
    responses: { 200: json(EventSchema, 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404] },
  }), async (c) => {
    const { eventID } = c.req.valid('param');
    const event = await bidderEvent(deps, c.get('principal').bidderId, eventID);
    if (!event) throw new ProblemError(404, `no event ${eventID}`);
    return c.json(event, 200);
  });

  const venOf = (bidderId: string, createdAt: string) => ({
    id: venIdOf(bidderId), createdDateTime: createdAt, modificationDateTime: createdAt, objectType: 'VEN' as const, venName: bidderId,
    attributes: [{ type: 'DESCRIPTION', values: [`the VEN of bidder ${bidderId}: its bids are its resources`] }],
    targets: [{ type: 'VEN_NAME', values: [bidderId] }],
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/vens', tags: ['openadr3'], security: oadrSecurity,
    summary: 'The bidder\'s own VEN (one per bidder; venName = bidder id)',
    middleware: [venOnly] as const,
    request: { query: OadrListQuerySchema.extend({ venName: z.string().min(1).max(128).optional() }) },
    responses: { 200: json(z.array(VenSchema), 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403] },
  }), async (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    const vens = q.venName === undefined || q.venName === p.bidderId ? [venOf(p.bidderId, p.createdAt)] : [];
    return c.json(pageOf(vens, q), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/vens/{venID}', tags: ['openadr3'], security: oadrSecurity,
    summary: 'The bidder\'s own VEN (404 for any other)',
    middleware: [venOnly] as const,
    request: { params: VenParamsSchema },
    responses: { 200: json(VenSchema, 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404] },
  }), async (c) => {
    const p = c.get('principal');
    if (c.req.valid('param').venID !== venIdOf(p.bidderId)) throw new ProblemError(404, 'no such VEN');
    return c.json(venOf(p.bidderId, p.createdAt), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/openadr3/vens/{venID}/resources', tags: ['openadr3'], security: oadrSecurity,
    summary: 'The VEN\'s resources: its bidder\'s bids in published auctions (resourceName = bid id)',
    middleware: [venOnly] as const,
    request: { params: VenParamsSchema, query: OadrListQuerySchema.extend({ resourceName: z.string().min(1).max(128).optional() }) },
    responses: { 200: json(z.array(ResourceSchema), 'OK.'), 400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404] },
  }), async (c) => {
    const p = c.get('principal');
    if (c.req.valid('param').venID !== venIdOf(p.bidderId)) throw new ProblemError(404, 'no such VEN');
    const q = c.req.valid('query');
    const resources = (await bidderResources(deps, p.bidderId)).filter((r) => q.resourceName === undefined || r.resourceName === q.resourceName);
    return c.json(pageOf(resources, q), 200);
  });
}
