// The "Metered delivery" section of the auction page: allowed vs metered energy per interval and
// the breaches (metered above allowed, charged at the imbalance price), marked in the table.
import type { AuctionView } from '../../../schemas/dashboard';
import { money, num } from '../format';

export function Metering({ view }: { view: AuctionView }) {
  const m = view.settlement?.metering;
  if (!m) return <p class="muted" data-testid="no-metering">No meter readings yet: the settlement charges the allocation (provisional).</p>;
  const currency = view.auction.currency;
  return (
    <div class="table-wrap">
      <table data-testid="metering-table">
        <thead><tr><th class="num">Interval</th><th class="num">Allowed MWh</th><th class="num">Metered MWh</th><th class="num">Above allowed MWh</th><th class="num">Breaches</th></tr></thead>
        <tbody>
          {m.intervals.map((r) => (
            <tr data-interval={r.index} class={r.breaches > 0 ? 'breach' : undefined}>
              <td class="num">{r.index}</td><td class="num">{num(r.allowedMwh)}</td><td class="num">{num(r.meteredMwh)}</td>
              <td class="num">{num(r.excessMwh)}</td><td class="num" data-col="breaches">{r.breaches > 0 ? `⚠ ${r.breaches}` : '0'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.breaches.length > 0 ? (
        <ul class="breaches" data-testid="breaches">
          {m.breaches.map((b) => (
            <li data-bid={b.bidId} data-interval={b.interval}>
              {`Breach: ${b.bidderId} / ${b.bidId}, interval ${b.interval}: ${num(b.excessMwh ?? 0)} MWh above allowed, imbalance charge ${money(b.imbalanceCharge ?? 0, currency)}`}
            </li>
          ))}
        </ul>
      ) : <p class="muted" data-testid="no-breaches">No breach: every metered load stayed within what it was allowed.</p>}
    </div>
  );
}
