// A bid's reason in words for people (dashboard, CLI): "out of the money by 1,240.00 USD at its
// best start 14:00–18:00 GMT+5". Fixed locale, so pages and tables are stable.
import type { BidReason } from './reasons';
import { localClock } from '../kernel/local-time';

export interface ReasonContext {
  currency: string;
  deliveryStart: string;
  intervalMinutes: number;
  timeZone?: string | undefined;
  /** Block duration in intervals (for the window of its best start). */
  duration?: number | undefined;
  acceptedMember?: string | undefined;
}

const money = (x: number, currency: string) => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

function window(start: number, ctx: ReasonContext): string {
  const at = (i: number) => new Date(Date.parse(ctx.deliveryStart) + i * ctx.intervalMinutes * 60_000).toISOString();
  const end = start + (ctx.duration ?? 1);
  if (!ctx.timeZone) return `${at(start).slice(11, 16)}–${at(end).slice(11, 16)} UTC`;
  const [from, fromZone] = localClock(at(start), ctx.timeZone).split(' ');
  return `${from}–${localClock(at(end), ctx.timeZone).split(' ')[0]} ${fromZone}`;
}

export function reasonInWords(r: BidReason, ctx: ReasonContext): string {
  switch (r.reason) {
    case 'below-reserve': return 'priced below the reserve price';
    case 'firm-capacity': return 'no capacity left where it would run: the surplus is smaller than the block at every start';
    case 'marginal': return 'at the clearing price: partly filled, shared pro rata';
    case 'out-of-the-money':
      return `out of the money by ${money(r.shortfall, ctx.currency)}${r.bestStart === undefined ? ' at the clearing prices' : ` at its best start ${window(r.bestStart, ctx)}`}`;
    case 'paradoxically-rejected':
      return `paradoxically rejected: would have gained ${money(r.foregone, ctx.currency)}${r.bestStart === undefined ? '' : ` at ${window(r.bestStart, ctx)}`}`;
  }
}
