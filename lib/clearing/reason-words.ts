// A bid's reason in words for people (dashboard, CLI): "out of the money by 1,240.00 USD at its
// best start 14:00–18:00 GMT+5". Fixed locale, so pages and tables are stable.
import type { BidReason } from './reasons';
import type { BidResult } from '../../schemas/result';
import type { Firmness, PriceIndexRef } from '../../schemas/book';
import { localClock } from '../kernel/local-time';

export interface ReasonContext {
  currency: string;
  deliveryStart: string;
  intervalMinutes: number;
  timeZone?: string | undefined;
  /** Block duration in intervals (for the window of its best start); without it, the start alone. */
  duration?: number | undefined;
}

const money = (x: number, currency: string) => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

function window(start: number, ctx: ReasonContext): string {
  const at = (i: number) => new Date(Date.parse(ctx.deliveryStart) + i * ctx.intervalMinutes * 60_000).toISOString();
  const clock = (i: number) => (ctx.timeZone ? localClock(at(i), ctx.timeZone).split(' ') : [at(i).slice(11, 16), 'UTC']);
  const [from, zone] = clock(start);
  if (ctx.duration === undefined) return `${from} ${zone}`;
  return `${from}–${clock(start + ctx.duration)[0]} ${zone}`;
}

/** The reason a published bid result carries, if any (engine version 2 on). */
export function reasonOf(result: BidResult): BidReason | undefined {
  const at = result.bestStart === undefined ? {} : { bestStart: result.bestStart };
  switch (result.reason) {
    case undefined: return undefined;
    case 'out-of-the-money': return { reason: result.reason, shortfall: result.shortfall ?? 0, ...at };
    case 'paradoxically-rejected': return { reason: result.reason, foregone: result.foregone ?? 0, ...at };
    case 'exclusive-group': return { reason: result.reason, acceptedMember: result.acceptedMember ?? '' };
    default: return { reason: result.reason };
  }
}

export function reasonInWords(r: BidReason, ctx: ReasonContext): string {
  switch (r.reason) {
    case 'below-reserve': return 'priced below the reserve price';
    case 'firm-capacity': return 'no room where it could run: at every start the block is larger than the surplus (or, firm, than the firm capacity left)';
    case 'marginal': return 'at the clearing price: partly filled, shared pro rata';
    case 'exclusive-group': return `another block of its exclusive group was accepted (${r.acceptedMember})`;
    case 'parent-rejected': return 'its parent block was rejected';
    case 'no-index': return 'priced by an index the operator never set';
    case 'out-of-the-money':
      return `out of the money by ${money(r.shortfall, ctx.currency)}${r.bestStart === undefined ? ' at the clearing prices' : ` at its best start ${window(r.bestStart, ctx)}`}`;
    case 'paradoxically-rejected':
      return `paradoxically rejected: would have gained ${money(r.foregone, ctx.currency)}${r.bestStart === undefined ? '' : ` at ${window(r.bestStart, ctx)}`}`;
  }
}

/** The market-design terms of a bid (book or stored shape), enough to word them. */
export type TermsBid =
  | { type: 'curve'; firmness?: Firmness | undefined; steps: readonly { index?: PriceIndexRef | undefined }[] }
  | { type: 'block'; firmness?: Firmness | undefined; exclusiveGroup?: string | undefined; parentId?: string | undefined; profile?: readonly number[] | undefined };

/** Firm or interruptible, with the defaults SPEC §1 gives (blocks firm, curves interruptible). */
export function firmnessOf(bid: Pick<TermsBid, 'type' | 'firmness'>): Firmness {
  return bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible');
}

const mwText = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** A profile's range, lowest → peak: "5→20 MW" (one figure when flat). */
export function profileRange(profile: readonly number[]): string {
  const low = Math.min(...profile);
  const high = Math.max(...profile);
  return low === high ? `${mwText(high)} MW` : `${mwText(low)}→${mwText(high)} MW`;
}

/** The bid's terms, one phrase each: ["firm", "group siteA", "child of bid_x", "profile 5 intervals"]. */
export function bidTerms(bid: TermsBid): string[] {
  const terms: string[] = [firmnessOf(bid)];
  if (bid.type === 'block') {
    if (bid.exclusiveGroup !== undefined) terms.push(`group ${bid.exclusiveGroup}`);
    if (bid.parentId !== undefined) terms.push(`child of ${bid.parentId}`);
    if (bid.profile !== undefined) terms.push(`profile ${bid.profile.length} interval${bid.profile.length === 1 ? '' : 's'}`);
  } else {
    const indexed = bid.steps.flatMap((step) => (step.index ? [step.index.name] : []));
    if (indexed.length > 0) terms.push(`${indexed[0]}-indexed (${indexed.length} of ${bid.steps.length} step${bid.steps.length === 1 ? '' : 's'})`);
  }
  return terms;
}

/** The terms as one line: "firm · group siteA · child of bid_x · profile 5 intervals". */
export function bidTermsText(bid: TermsBid): string {
  return bidTerms(bid).join(' · ');
}
