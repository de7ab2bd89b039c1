// Metered delivery on the dashboard (SPEC §5): per interval, the energy the bids with a reading
// were allowed (dispatch after curtailment) beside what their meters say, and every breach — a
// load that drew more than it was allowed, the grid's worst case. Computed from the settlement
// the viewer may read (its own statements for a bidder).
import type { Settlement } from '../../schemas/lifecycle';
import type { MeteringView } from '../../schemas/dashboard';
import { round6 } from '../lifecycle/money';

export function meteringOf(settlement: Settlement, intervalMinutes: number): MeteringView | undefined {
  const hours = intervalMinutes / 60;
  const byInterval = new Map<number, MeteringView['intervals'][number]>();
  const breaches: MeteringView['breaches'] = [];
  // A reading is carried on the first line of its bid and interval; the bid's other lines (pay-as-bid steps) share it.
  const metered = new Set<string>();
  for (const st of settlement.statements) {
    for (const line of st.lines) if (line.meteredMwh !== undefined) metered.add(`${line.bidId}\n${line.interval}`);
  }
  if (metered.size === 0) return undefined;
  for (const st of settlement.statements) {
    for (const line of st.lines) {
      if (!metered.has(`${line.bidId}\n${line.interval}`)) continue;
      const row = byInterval.get(line.interval) ?? { index: line.interval, allowedMwh: 0, meteredMwh: 0, excessMwh: 0, breaches: 0 };
      row.allowedMwh += line.dispatchedMw * hours;
      row.meteredMwh += line.meteredMwh ?? 0;
      row.excessMwh += line.excessMwh ?? 0;
      if (line.breach) {
        row.breaches++;
        breaches.push({ bidderId: line.bidderId, bidId: line.bidId, interval: line.interval, excessMwh: line.excessMwh, imbalanceCharge: line.imbalanceCharge });
      }
      byInterval.set(line.interval, row);
    }
  }
  const intervals = [...byInterval.values()].sort((a, b) => a.index - b.index)
    .map((r) => ({ ...r, allowedMwh: round6(r.allowedMwh), meteredMwh: round6(r.meteredMwh), excessMwh: round6(r.excessMwh) }));
  return { intervals, breaches };
}
