// Metered settlement (SPEC §5 "Metered delivery", docs/lifecycle.md § Metered settlement): per bid
// and interval with a reading, the energy billed at the bid's price is the metered energy up to
// what was allowed (allocation less curtailment) — all of the allowed energy for firm bids (bid-price.ts isFirm),
// whose capacity was held for them — and the energy above what was allowed is charged at the
// imbalance price and flagged as a breach. Amounts in integer units (µMWh, cents) first.
import { roundUnits } from './apportion';
import { round6 } from './money';

export interface Metering {
  /** MWh per bid and interval; undefined = no reading. */
  readings: ReadonlyMap<string, readonly (number | undefined)[]>;
  /** Per MWh above what was allowed. */
  imbalancePrice: number;
}

export interface MeteredFields { meteredMwh: number; excessMwh: number; imbalanceCharge: number; breach: boolean }
export interface LineMetering { billedMw: number; fields: MeteredFields }

export function meteredLine(firm: boolean, allowedMw: number, readingMwh: number, hours: number, imbalancePrice: number): LineMetering {
  const billedMw = firm ? allowedMw : Math.min(readingMwh / hours, allowedMw);
  const excessUnits = Math.max(0, roundUnits((readingMwh - allowedMw * hours) * 1e6));
  const cents = roundUnits((excessUnits / 1e6) * imbalancePrice * 100);
  return { billedMw, fields: { meteredMwh: round6(readingMwh), excessMwh: excessUnits / 1e6, imbalanceCharge: cents / 100, breach: excessUnits > 0 } };
}

/** The imbalance price of an auction: its own, or twice its highest clearing price. */
export function imbalancePriceOf(auction: { imbalancePrice?: number | undefined }, intervalPrices: readonly number[]): number {
  if (auction.imbalancePrice !== undefined) return auction.imbalancePrice;
  return 2 * Math.max(0, ...intervalPrices);
}

/** Totals of the metered lines, summed in integer units so they equal the lines exactly. */
export function meteringTotals(lines: readonly Partial<MeteredFields>[]) {
  let readings = 0;
  let metered = 0;
  let excess = 0;
  let cents = 0;
  let breaches = 0;
  for (const l of lines) {
    if (l.meteredMwh === undefined) continue;
    readings++;
    metered += Math.round(l.meteredMwh * 1e6);
    excess += Math.round((l.excessMwh ?? 0) * 1e6);
    cents += Math.round((l.imbalanceCharge ?? 0) * 100);
    if (l.breach) breaches++;
  }
  return { readings, totals: { meteredMwh: metered / 1e6, excessMwh: excess / 1e6, imbalanceCharge: cents / 100, breaches } };
}
