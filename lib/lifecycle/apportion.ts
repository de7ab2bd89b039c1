// Largest-remainder apportionment: split a total, rounded once, over its parts in integer units,
// so that the parts sum exactly to the rounded total (no cent or micro-MWh created or lost).

/** Noise-free rounding half-up at 15 significant digits (12.345 → 12.35, not 12.34). */
export function roundUnits(x: number): number {
  const r = Math.round(Number(x.toPrecision(15)));
  return r === 0 ? 0 : r;
}

/**
 * Integer units (`value × scale` each) summing to roundUnits(Σ value × scale): each part gets the
 * floor of its exact share, and the units left over go to the largest remainders (ties: the
 * earlier part). Parts are ≥ 0.
 */
export function apportion(values: readonly number[], scale: number): number[] {
  const exact = values.map((v) => Number((v * scale).toPrecision(15)));
  const target = roundUnits(exact.reduce((s, v) => s + v, 0));
  const units = exact.map((v) => Math.floor(v));
  let left = target - units.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, rest: v - Math.floor(v) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) units[order[k]!.i]! += 1;
  return units;
}
