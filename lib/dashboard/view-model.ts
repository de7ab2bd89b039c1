// Builds the auction page's view model from what the API served (pure: no I/O), and validates it
// against schemas/dashboard.ts so the page, the chart and the tests read one checked object.
import { intervalStart } from '../kernel/interval-time';
import type { BookBid, Interval } from '../../schemas/book';
import type { BidResult, ClearingResult } from '../../schemas/result';
import { blockMwSum } from '../../schemas/block-shape';
import {
  AuctionViewSchema, type AuctionSummary, type AuctionView, type BidRow, type CurtailmentView, type Figures,
} from '../../schemas/dashboard';

export interface AuctionViewInput {
  auction: AuctionSummary;
  viewer: AuctionView['viewer'];
  /** Surplus and reserve per interval (the book that was cleared, else the latest forecast). */
  forecast: Interval[] | null;
  result: ClearingResult | null;
  bids: BookBid[];
  revisedSurplusMw?: (number | null)[] | null;
  curtailments?: CurtailmentView[];
  curtailmentLog?: AuctionView['curtailmentLog'];
  moreCuts?: number;
  settlement?: AuctionView['settlement'];
  unavailable?: string[];
}

export function figuresOf(result: ClearingResult): Figures {
  const gap = result.bound - result.welfare;
  return {
    welfare: result.welfare,
    bound: result.bound,
    optimal: result.optimal,
    paradoxicallyRejected: result.paradoxicallyRejected,
    gap,
    relativeGap: result.bound === 0 ? 0 : gap / Math.abs(result.bound),
  };
}

/** MWh the clearing allocated to a bid (before any curtailment). */
export function allocatedMwh(bid: BookBid, result: BidResult, intervalHours: number): number {
  if ('mw' in result && Array.isArray(result.mw)) return result.mw.reduce((sum, mw) => sum + mw, 0) * intervalHours;
  if (bid.type === 'block' && result.accepted && 'ratio' in result) return blockMwSum(bid) * result.ratio * intervalHours;
  return 0;
}

export function buildAuctionView(input: AuctionViewInput): AuctionView {
  const { auction, result } = input;
  const hours = auction.intervalMinutes / 60;
  const byId = new Map((result?.bids ?? []).map((bid) => [bid.id, bid]));
  const paradoxical = new Set(result?.paradoxicallyRejected ?? []);
  const bids: BidRow[] = input.bids.map((bid) => {
    const bidResult = byId.get(bid.id) ?? null;
    return {
      bid,
      result: bidResult,
      allocatedMwh: bidResult ? allocatedMwh(bid, bidResult, hours) : null,
      paradoxicallyRejected: paradoxical.has(bid.id),
    };
  });
  const intervals = Array.from({ length: auction.intervalCount }, (_, index) => ({
    index,
    start: intervalStart(auction, index),
    forecast: input.forecast?.[index] ?? null,
    revisedSurplusMw: input.revisedSurplusMw?.[index] ?? null,
    result: result?.intervals[index] ?? null,
  }));
  return AuctionViewSchema.parse({
    auction,
    viewer: input.viewer,
    intervals,
    figures: result ? figuresOf(result) : null,
    bids,
    curtailments: input.curtailments ?? [],
    curtailmentLog: input.curtailmentLog ?? [],
    moreCuts: input.moreCuts ?? 0,
    settlement: input.settlement ?? null,
    unavailable: input.unavailable ?? [],
  });
}
