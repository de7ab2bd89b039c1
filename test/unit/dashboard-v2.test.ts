// The auction page for market design v2 (issue #10): the view model keeps every v2 field, the bid
// table words terms and reasons, the interval table adds firm columns only for books with firm
// capacity. The result is the real engine's on the v2 fixture book; the page is rendered as served.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAuctionView } from '../../lib/dashboard/view-model';
import { AuctionPage } from '../../lib/dashboard/pages/auction';
import { bidPrice, bidTermsView, bookBidOf, sparkPoints, stepPrices } from '../../lib/dashboard/bid-view';
import { reasonInWords, reasonOf } from '../../lib/clearing/reason-words';
import { BidReasonFields } from '../../schemas/result';
import type { AuctionView } from '../../schemas/dashboard';
import type { ClearingResult } from '../../schemas/result';
import { clearV2Fixture, V2_BOOK, V2_STORED_BIDS } from '../e2e/support/fixture-v2';
import { FIXTURE_BOOK, FIXTURE_RESULT } from '../e2e/support/fixture';

let result: ClearingResult;
const auction = { ...V2_BOOK.auction, timeZone: 'Asia/Karachi', intervalCount: 8, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared' as const };
const operator = { role: 'operator' as const, bidderId: 'operator' };

const render = async (view: AuctionView) => String(await AuctionPage({ base: '/dashboard', viewer: { role: view.viewer.role, bidderId: view.viewer.bidderId, csrf: 'c'.repeat(24) }, view }));
/** The text of the first element matching `open` (an opening tag's start), tags stripped. */
const textOf = (html: string, open: string) => {
  const at = html.indexOf(open);
  if (at < 0) return undefined;
  const tag = /^<(\w+)/.exec(open)?.[1] ?? 'td';
  const end = html.indexOf(`</${tag}>`, at);
  return html.slice(html.indexOf('>', at) + 1, end).replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").trim();
};

beforeAll(async () => {
  result = await clearV2Fixture();
});

describe('reasons in words', () => {
  it('words every reason the result schema names, each differently', () => {
    const reasons = BidReasonFields.reason.unwrap().options;
    expect(reasons).toEqual(expect.arrayContaining(['exclusive-group', 'parent-rejected', 'firm-capacity', 'no-index']));
    const words = reasons.map((reason) => {
      const parsed = reasonOf({ id: 'b', accepted: false, ratio: 0, reason, shortfall: 1240, foregone: 80, bestStart: 9, acceptedMember: 'site-a' });
      expect(parsed?.reason).toBe(reason);
      return reasonInWords(parsed!, { currency: 'USD', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, timeZone: 'Asia/Karachi', duration: 4 });
    });
    expect(new Set(words).size).toBe(reasons.length);
    expect(words.every((w) => w.length > 10)).toBe(true);
    expect(words[reasons.indexOf('out-of-the-money')]).toBe('out of the money by 1,240.00 USD at its best start 14:00–18:00 GMT+5');
    expect(words[reasons.indexOf('no-index')]).toBe('priced by an index the operator never set');
  });
});

describe('bid terms and prices', () => {
  it('keeps every v2 field of a stored bid and prices an indexed step from the result', () => {
    const books = V2_STORED_BIDS.map(bookBidOf);
    expect(books.find((b) => b.id === 'site-a')).toMatchObject({ firmness: 'interruptible', exclusiveGroup: 'campus' });
    expect(books.find((b) => b.id === 'phase-2')).toMatchObject({ parentId: 'phase-1' });
    expect(books.find((b) => b.id === 'ramp')).toMatchObject({ profile: [5, 10, 20, 10, 5] });
    expect(Object.keys(books.find((b) => b.id === 'ai-a')!)).not.toContain('createdAt');
    const hash = books.find((b) => b.id === 'hash-1')!;
    const pending = { bid: hash, result: null, allocatedMwh: null, paradoxicallyRejected: false };
    expect(stepPrices(pending)).toEqual([null, 40]);
    expect(bidPrice(pending)).toBe('40 + indexed');
    const cleared = { ...pending, result: result.bids.find((b) => b.id === 'hash-1')! };
    expect(stepPrices(cleared)).toEqual([93.75, 40]);
    expect(bidPrice(cleared)).toBe('93.75 … 40');
  });

  it('words firmness (with defaults), group, parent and the profile range', () => {
    const byId = (id: string) => bidTermsView(V2_BOOK.bids.find((b) => b.id === id)!);
    expect(byId('ai-a')).toEqual({ firmness: 'firm', phrases: ['firm'], profile: null });
    expect(byId('site-b').phrases).toEqual(['interruptible', 'group campus']);
    expect(byId('phase-2').phrases).toEqual(['interruptible', 'child of phase-1']);
    expect(byId('ramp')).toEqual({ firmness: 'interruptible', phrases: ['interruptible'], profile: { mw: [5, 10, 20, 10, 5], text: 'profile 5→20 MW over 5' } });
    expect(byId('cheap-1').phrases).toEqual(['interruptible']);
    // Flat steps per interval, the peak at the top of the box.
    expect(sparkPoints([5, 10], 20, 12)).toBe('0.0,6.0 10.0,6.0 10.0,1.0 20.0,1.0');
  });
});

describe('the auction page of a cleared v2 auction', () => {
  it('shows firm capacity, firm price, firm MW and at-risk MW per interval, and a firm summary', async () => {
    const view = buildAuctionView({ auction, viewer: operator, forecast: V2_BOOK.intervals, result, bids: V2_BOOK.bids });
    expect(view.intervals[4]?.result).toMatchObject({ firmPrice: 127.03125, firmMw: 40, atRiskMw: 60 });
    const html = await render(view);
    expect(html).toContain('<th class="num">Firm price</th>');
    expect(html).toMatch(/<tr data-interval="4">.*?data-col="firmPrice" data-value="127.03125">127.03<\/td><td class="num" data-col="firmMw" data-value="40">40<\/td><td class="num" data-col="atRiskMw" data-value="60">60<\/td>/s);
    expect(html).toMatch(/data-col="firmCapMw" data-value="40">40</);
    expect(textOf(html, '<p class="firm-summary"')).toBe('Firm price 73.28–127.03 USD/MWh · firm 40 MW · at risk 60 MW');
  });

  it('shows each bid\'s terms and, once cleared, its reason in words', async () => {
    const html = await render(buildAuctionView({ auction, viewer: operator, forecast: V2_BOOK.intervals, result, bids: V2_BOOK.bids }));
    const row = (id: string) => html.slice(html.indexOf(`<tr data-bid="${id}">`), html.indexOf('</tr>', html.indexOf(`<tr data-bid="${id}">`)));
    expect(row('site-b')).toContain('data-firmness="interruptible" data-group="campus" data-parent=""');
    expect(textOf(row('site-b'), '<td class="why"')).toBe('another block of its exclusive group was accepted (site-a)');
    expect(row('phase-2')).toContain('data-parent="phase-1"');
    expect(textOf(row('phase-2'), '<td class="why"')).toBe('its parent block was rejected');
    expect(row('ramp')).toContain('data-profile="5,10,20,10,5"');
    expect(row('ramp')).toContain('<polyline points=');
    expect(textOf(row('ramp'), '<td class="terms"')).toBe('interruptible profile 5→20 MW over 5');
    expect(textOf(row('ai-b'), '<td class="why"')).toBe(reasonInWords({ reason: 'firm-capacity' }, { ...auction }));
    expect(textOf(row('late'), '<td class="why"')).toBe('out of the money by 2,000.00 USD at its best start 05:00–09:00 GMT+5');
    expect(textOf(row('ai-a'), '<td class="why"')).toBe('');
  });

  it('a bidder sees its own bids with their terms, from GET …/bids as stored', async () => {
    const own = V2_STORED_BIDS.filter((b) => b.bidder === 'tenant-5').map(bookBidOf);
    const mine = { ...result, bids: result.bids.filter((b) => own.some((o) => o.id === b.id)) };
    const html = await render(buildAuctionView({ auction, viewer: { role: 'bidder', bidderId: 'tenant-5' }, forecast: V2_BOOK.intervals, result: mine, bids: own }));
    expect(html).toContain('data-group="campus"');
    expect(html).toContain('another block of its exclusive group was accepted (site-a)');
    expect(html).not.toContain('tenant-3');
  });

  it('an auction without v2 fields renders as before: no firm columns, no firm summary, firmness by default', async () => {
    const html = await render(buildAuctionView({ auction: { ...FIXTURE_BOOK.auction, intervalCount: 8, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared' }, viewer: operator, forecast: FIXTURE_BOOK.intervals, result: FIXTURE_RESULT, bids: FIXTURE_BOOK.bids }));
    expect(html).not.toContain('Firm price');
    expect(html).not.toContain('firm-summary');
    expect(html).not.toContain('data-col="firmPrice"');
    expect(html).toContain('data-firmness="firm"');
    expect(html).not.toContain('data-profile');
  });
});
