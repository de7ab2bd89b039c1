// The price of an indexed curve step (SPEC §1), part of the book format: the book carries it, and
// validation, book assembly and replay all compute it here. Hashprice is revenue per PH/s per day;
// a PH/s at J per TH draws 0.024 × J/TH MWh a day, so the step's price per MWh is
// share × hashprice / (0.024 × jPerTh). Rounded to 1e-6 so every machine writes the same number,
// and capped at MAX_PRICE.
import { MAX_PRICE, type Indices, type PriceIndexRef } from './book';

const MWH_PER_PH_DAY_PER_J_PER_TH = 0.024;

/** The price per MWh of an indexed step, or undefined when there is no value for its index. */
export function indexedPrice(ref: PriceIndexRef, indices: Indices | undefined): number | undefined {
  const value = indices?.[ref.name]?.value;
  if (value === undefined) return undefined;
  const price = (ref.share * value) / (MWH_PER_PH_DAY_PER_J_PER_TH * ref.jPerTh);
  // Capped at the book's price ceiling, so no index value can make a book invalid.
  return Math.min(MAX_PRICE, Math.round(price * 1e6) / 1e6);
}

/** The price a book carries for a step: its own, or its index's (0 when the index has no value). */
export function bookStepPrice(step: { price?: number | undefined; index?: PriceIndexRef | undefined }, indices: Indices | undefined): number {
  return step.index ? (indexedPrice(step.index, indices) ?? 0) : (step.price ?? 0);
}
