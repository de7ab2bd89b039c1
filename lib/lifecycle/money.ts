// Rounding rules of the settlement statements (docs/lifecycle.md § Settlement).

/** Energy and power in statements: 1e-6 (1 Wh / 1 W) resolution. */
export function round6(x: number): number {
  const r = Math.round(Number((x * 1e6).toPrecision(15))) / 1e6;
  return r === 0 ? 0 : r; // no -0
}

/**
 * Integer cents, half-up. `toPrecision(15)` first removes binary noise so that 12.345 (stored
 * as 12.3449999…) rounds to 1235 cents as a person computing it by hand would.
 */
export function toCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(15)));
}

export function fromCents(cents: number): number {
  return cents / 100;
}
