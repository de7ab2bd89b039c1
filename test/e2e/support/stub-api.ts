// A stand-in for the broker API's read routes, serving the fixture auction — used only by the
// browser test of the result sections while the real result routes are not available. It keeps
// the API's isolation rule (a bidder gets its own bids only) so the page logic is exercised.
import { CurtailmentListSchema } from '../../../schemas/api/curtailments';
import { Hono } from 'hono';
import { FIXTURE_BOOK, FIXTURE_NOTICE, FIXTURE_RESULT, FIXTURE_SETTLEMENT } from './fixture';
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import type { StoredBid } from '../../../schemas/api/bids';

/** What the stand-in serves: the fixture auction by default, or another book and its result. */
export interface StubFixture {
  book: Book;
  result: ClearingResult;
  /** GET …/bids as stored (indexed steps without a price); default the book's bids with stamps. */
  storedBids?: StoredBid[];
}

export const STUB_KEYS: Record<string, { role: 'operator' | 'bidder'; bidderId: string }> = {
  'op-key-0123456789abcdef': { role: 'operator', bidderId: 'operator' },
  'miner-7-key-0123456789ab': { role: 'bidder', bidderId: 'miner-7' },
  'tenant-5-key-0123456789a': { role: 'bidder', bidderId: 'tenant-5' },
};

export function createStubApi(fixture: StubFixture = { book: FIXTURE_BOOK, result: FIXTURE_RESULT }): Hono<{ Variables: { who: { role: 'operator' | 'bidder'; bidderId: string } } }> {
  const api = new Hono<{ Variables: { who: { role: 'operator' | 'bidder'; bidderId: string } } }>();
  const { book: BOOK, result: RESULT } = fixture;
  // The fixture's settlement and curtailment belong to it alone; another book has none yet.
  const extras = BOOK === FIXTURE_BOOK;
  const a = BOOK.auction;
  const stamps = { createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z' };
  const auction = { ...a, intervalCount: BOOK.intervals.length, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared', forecastVersion: 1, ...stamps };
  const problem = (status: number, title: string) => new Response(JSON.stringify({ type: 'about:blank', title, status }), { status, headers: { 'content-type': 'application/problem+json' } });
  api.use('/v1/*', async (c, next) => {
    const who = STUB_KEYS[(c.req.header('authorization') ?? '').replace(/^Bearer /, '')];
    if (!who) return problem(401, 'Unauthorized');
    c.set('who', who);
    await next();
  });
  api.get('/v1/me', (c) => c.json({ keyId: 'k', ...c.get('who'), classes: [], createdAt: '2026-11-01T00:00:00Z' }));
  api.get('/v1/auctions', (c) => c.json({ items: [auction] }));
  api.get('/v1/auctions/:id', (c) => (c.req.param('id') === a.id ? c.json(auction) : problem(404, 'Not found')));
  // POST /clear: the result then answers 409 twice ("clearing") before it is published.
  let pendingReads = 0;
  api.post('/v1/auctions/:id/clear', (c) => {
    if (c.get('who').role !== 'operator') return problem(403, 'Forbidden');
    pendingReads = 2;
    return c.json({ auctionId: a.id, status: 'closed', transitions: ['open->closed'], outcome: 'scheduled' }, 202);
  });
  api.get('/v1/auctions/:id/result', (c) => {
    if (pendingReads > 0) {
      pendingReads--;
      return problem(409, 'Conflict');
    }
    const who = c.get('who');
    const own = new Set(BOOK.bids.filter((b) => b.bidder === who.bidderId).map((b) => b.id));
    return c.json(who.role === 'operator' ? RESULT : { ...RESULT, bids: RESULT.bids.filter((b) => own.has(b.id)), paradoxicallyRejected: RESULT.paradoxicallyRejected.filter((id) => own.has(id)) });
  });
  api.get('/v1/auctions/:id/book', (c) => (c.get('who').role === 'operator' ? c.json(BOOK) : problem(403, 'Forbidden')));
  api.get('/v1/auctions/:id/forecast', (c) => c.json({ auctionId: a.id, version: 1, intervals: BOOK.intervals, createdAt: stamps.createdAt }));
  api.get('/v1/auctions/:id/bids', (c) => {
    const who = c.get('who');
    const stored = fixture.storedBids ?? BOOK.bids.map((b) => ({ ...b, auctionId: a.id, ...stamps }));
    return c.json({ items: stored.filter((b) => who.role === 'operator' || b.bidder === who.bidderId) });
  });
  api.get('/v1/auctions/:id/settlement', (c) => {
    const who = c.get('who');
    if (!extras) return problem(404, 'Not found');
    if (c.req.header('accept') === 'text/csv') return c.body('bidder_id,bid_id,interval,delivered_mwh,price,charge\nminer-7,b-1,0,325,30,9750.00\n', 200, { 'content-type': 'text/csv' });
    if (who.role === 'operator') return c.json(FIXTURE_SETTLEMENT);
    const { totals: _operatorOnly, ...rest } = FIXTURE_SETTLEMENT;
    return c.json({ ...rest, statements: FIXTURE_SETTLEMENT.statements.filter((s) => s.bidderId === who.bidderId) });
  });
  // The curtailment log as GET …/curtailments serves it: the fixture notice as curtailment 1.
  api.get('/v1/auctions/:id/curtailments', (c) => {
    const who = c.get('who');
    const n = FIXTURE_NOTICE;
    const cut = { eventId: n.eventId, bidderId: n.bidderId, intervals: n.intervals.map(({ index, mwBefore, mwAfter }) => ({ index, mwBefore, mwAfter })), mwhCut: 75 };
    if (!extras) return c.json(CurtailmentListSchema.parse({ auctionId: a.id, items: [] }));
    const cuts = who.role === 'operator' || who.bidderId === n.bidderId ? [cut] : [];
    return c.json(CurtailmentListSchema.parse({ auctionId: a.id, items: [{
      version: 1, at: n.noticeTime, ...(who.role === 'operator' ? { requestedBy: 'key_operator' } : {}),
      revisions: [{ index: 6, surplusMw: 1850 }, { index: 7, surplusMw: 1850 }], fanOut: 'complete', bidders: cuts.length, mwhCut: cuts.length ? 75 : 0, cuts,
    }] }));
  });
  api.get('/v1/events', (c) => c.json({ events: extras && FIXTURE_NOTICE.bidderId === c.get('who').bidderId && !c.req.query('cursor') ? [FIXTURE_NOTICE] : [], nextCursor: 'end' }));
  return api;
}
