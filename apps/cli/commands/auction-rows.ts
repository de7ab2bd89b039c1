// How the CLI shows auctions to people: one row each, UTC times with the auction's local time
// beside them when it names a time zone.
import type { Auction } from '../../../schemas/api/auctions';
import { localClock } from '../../../lib/kernel/local-time';

export const AUCTION_HEADERS = ['id', 'status', 'zone', 'delivery start', 'intervals', 'gate closure', 'pricing', 'currency', 'time zone'];

/** "2026-12-01T00:00:00.000Z (05:00 GMT+5)" or the UTC instant alone. */
export function instant(iso: string, timeZone: string | undefined): string {
  return timeZone ? `${iso} (${localClock(iso, timeZone, true)})` : iso;
}

export function auctionRow(a: Auction): string[] {
  return [a.id, a.status, a.zone, instant(a.deliveryStart, a.timeZone), `${a.intervalCount} x ${a.intervalMinutes} min`, instant(a.gateClosure, a.timeZone), a.pricing, a.currency, a.timeZone ?? 'UTC'];
}
