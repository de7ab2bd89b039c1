// A stand-in for the broker API's read routes, serving the fixture auction — used only by the
// browser test of the result sections while the real result routes are not available. It keeps
// the API's isolation rule (a bidder gets its own bids only) so the page logic is exercised.
import { CurtailmentListSchema } from '../../../schemas/api/curtailments';
import { Hono } from 'hono';
import { FIXTURE_BOOK, FIXTURE_NOTICE, FIXTURE_RESULT, FIXTURE_SETTLEMENT } from './fixture';

export const STUB_KEYS: Record<string, { role: 'operator' | 'bidder'; bidderId: string }> = {
  'op-key-0123456789abcdef': { role: 'operator', bidderId: 'operator' },
  'miner-7-key-0123456789ab': { role: 'bidder', bidderId: 'miner-7' },
};

export function createStubApi(): Hono<{ Variables: { who: { role: 'operator' | 'bidder'; bidderId: string } } }> {
  const api = new Hono<{ Variables: { who: { role: 'operator' | 'bidder'; bidderId: string } } }>();
  const a = FIXTURE_BOOK.auction;
  const stamps = { createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z' };
  const auction = { ...a, intervalCount: FIXTURE_BOOK.intervals.length, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared', forecastVersion: 1, ...stamps };
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
    const own = new Set(FIXTURE_BOOK.bids.filter((b) => b.bidder === who.bidderId).map((b) => b.id));
    return c.json(who.role === 'operator' ? FIXTURE_RESULT : { ...FIXTURE_RESULT, bids: FIXTURE_RESULT.bids.filter((b) => own.has(b.id)), paradoxicallyRejected: FIXTURE_RESULT.paradoxicallyRejected.filter((id) => own.has(id)) });
  });
  api.get('/v1/auctions/:id/book', (c) => (c.get('who').role === 'operator' ? c.json(FIXTURE_BOOK) : problem(403, 'Forbidden')));
  api.get('/v1/auctions/:id/forecast', (c) => c.json({ auctionId: a.id, version: 1, intervals: FIXTURE_BOOK.intervals, createdAt: stamps.createdAt }));
  api.get('/v1/auctions/:id/bids', (c) => {
    const who = c.get('who');
    return c.json({ items: FIXTURE_BOOK.bids.filter((b) => who.role === 'operator' || b.bidder === who.bidderId).map((b) => ({ ...b, auctionId: a.id, ...stamps })) });
  });
  api.get('/v1/auctions/:id/settlement', (c) => {
    const who = c.get('who');
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
    const cuts = who.role === 'operator' || who.bidderId === n.bidderId ? [cut] : [];
    return c.json(CurtailmentListSchema.parse({ auctionId: a.id, items: [{
      version: 1, at: n.noticeTime, ...(who.role === 'operator' ? { requestedBy: 'key_operator' } : {}),
      revisions: [{ index: 6, surplusMw: 1850 }, { index: 7, surplusMw: 1850 }], fanOut: 'complete', bidders: cuts.length, mwhCut: cuts.length ? 75 : 0, cuts,
    }] }));
  });
  api.get('/v1/events', (c) => c.json({ events: FIXTURE_NOTICE.bidderId === c.get('who').bidderId && !c.req.query('cursor') ? [FIXTURE_NOTICE] : [], nextCursor: 'end' }));
  return api;
}
