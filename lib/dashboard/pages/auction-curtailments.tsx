// The auction page's curtailment log (operator), the notices on a timeline and the settlement totals.
import type { AuctionView, CurtailmentView } from '../../../schemas/dashboard';
import { deliveryEnd, money, num, utc, utcAndLocal } from '../format';

/** Each curtailment, oldest first: when, who asked (operator), what it revised and what it cut. */
export function CurtailmentLog({ view }: { view: AuctionView }) {
  if (view.curtailmentLog.length === 0) return null;
  const tz = view.auction.timeZone;
  return (
    <ol class="curtailment-log" data-testid="curtailment-log">
      {view.curtailmentLog.map((c) => (
        <li data-version={String(c.version)}>
          <strong>{`Curtailment ${c.version}`}</strong>
          {` · ${tz ? utcAndLocal(c.at, tz) : utc(c.at)}${c.requestedBy ? ` · by ${c.requestedBy}` : ''} · intervals ${c.revisions.map((r) => `${r.index} → ${num(r.surplusMw)} MW`).join(', ')} · `}
          {`${c.bidders} bidder${c.bidders === 1 ? '' : 's'} cut, ${num(c.mwhCut)} MWh`}
          {' · '}<span class={`status status-${c.fanOut}`}>{c.fanOut === 'complete' ? 'notices sent' : 'notices going out'}</span>
        </li>
      ))}
    </ol>
  );
}

/** Server-rendered SVG (no script needed): the delivery window with one mark per notice. */
export function Timeline({ view }: { view: AuctionView }) {
  if (view.curtailments.length === 0) return <p class="muted" data-testid="no-curtailments">{view.curtailmentLog.length === 0 ? 'No curtailments.' : 'No cuts of yours.'}</p>;
  const width = 1000;
  const start = Date.parse(view.auction.deliveryStart);
  const end = Date.parse(deliveryEnd(view.auction.deliveryStart, view.auction.intervalMinutes, view.auction.intervalCount));
  const span = Math.max(1, end - start);
  const ix = (index: number) => 20 + ((index * view.auction.intervalMinutes * 60_000) / span) * (width - 40);
  return (
    <>
      <svg class="timeline" viewBox={`0 0 ${width} ${40 + view.curtailments.length * 22}`} role="img" aria-label="Curtailment notices over the delivery window" data-testid="curtailment-timeline">
        <line class="axis" x1="20" x2={String(width - 20)} y1="20" y2="20" />
        <text x="20" y="14">{utc(view.auction.deliveryStart)}</text>
        <text x={String(width - 20)} y="14" text-anchor="end">{utc(new Date(end).toISOString())}</text>
        {view.curtailments.map((notice: CurtailmentView, row: number) => notice.intervals.map((iv) => (
          <rect class="mark" x={String(ix(iv.index))} y={String(28 + row * 22)} width={String(Math.max(2, ix(iv.index + 1) - ix(iv.index)))} height="14">
            <title>{`${notice.bidderId} (curtailment ${notice.curtailmentVersion}): interval ${iv.index}, ${num(iv.mwBefore)} → ${num(iv.mwAfter)} MW`}</title>
          </rect>
        )))}
      </svg>
      <ul>
        {view.curtailments.map((notice) => (
          <li data-notice={notice.eventId}>{`${utc(notice.noticeTime)} · ${notice.bidderId} · curtailment ${notice.curtailmentVersion}: ${notice.intervals.length} interval(s), ${num(notice.intervals.reduce((s, i) => s + i.mwBefore - i.mwAfter, 0) * (view.auction.intervalMinutes / 60))} MWh curtailed`}</li>
        ))}
      </ul>
      {view.moreCuts > 0 ? <p class="muted" data-testid="more-cuts">{`… and ${view.moreCuts.toLocaleString('en-US')} more cuts (GET /v1/auctions/${view.auction.id}/curtailments lists them all).`}</p> : null}
    </>
  );
}

export function Settlement({ view }: { view: AuctionView }) {
  const s = view.settlement;
  if (!s) return <p class="muted" data-testid="no-settlement">No settlement yet.</p>;
  const currency = view.auction.currency;
  return (
    <div class="table-wrap">
      <p class="muted" data-testid="settlement-state">{s.final ? 'Final: delivery is over.' : 'Provisional: delivery is not over yet; curtailments can still lower it.'}</p>
      <table data-testid="settlement-table">
        <thead><tr><th>Bidder</th><th class="num">Delivered MWh</th><th class="num">Curtailed MWh</th><th class="num">Charge</th></tr></thead>
        <tbody>
          {s.statements.map((row) => (
            <tr data-bidder={row.bidder}><td>{row.bidder}</td><td class="num">{num(row.deliveredMwh)}</td><td class="num">{num(row.curtailedMwh)}</td><td class="num">{money(row.charge, currency)}</td></tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th>Total</th><th class="num">{num(s.total.deliveredMwh)}</th><th class="num">{num(s.total.curtailedMwh)}</th><th class="num" data-testid="settlement-total">{money(s.total.charge, currency)}</th></tr>
        </tfoot>
      </table>
    </div>
  );
}
