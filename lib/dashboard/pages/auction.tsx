// One auction: figures, the split chart (uPlot, fed by the JSON data block), the paradoxically
// rejected blocks, the bid table, curtailment notices on a timeline and settlement totals.
import { Layout, type Viewer } from '../layout';
import type { AuctionView } from '../../../schemas/dashboard';
import { jsonForScript } from '../json-block';
import { Metering } from './metering';
import { deliveryEnd, money, num, utcAndLocal } from '../format';
import { bidMw, bidPrice } from '../bid-view';
import { BidTable } from './auction-bids';
import { FirmSummary, hasFirmColumns, IntervalTable } from './auction-intervals';
import { CurtailmentLog, Settlement, Timeline } from './auction-curtailments';

export { bidStatus } from '../bid-view';

function Figures({ view }: { view: AuctionView }) {
  const f = view.figures;
  if (!f) return <p class="muted" data-testid="no-result">No result published yet.</p>;
  const currency = view.auction.currency;
  return (
    <dl class="figures" data-testid="figures">
      <div><dt>Welfare</dt><dd data-figure="welfare" data-value={String(f.welfare)}>{money(f.welfare, currency)}</dd></div>
      <div><dt>Upper bound</dt><dd data-figure="bound" data-value={String(f.bound)}>{money(f.bound, currency)}</dd></div>
      <div><dt>Gap</dt><dd data-figure="gap" data-value={String(f.gap)}>{`${money(f.gap, currency)} (${num(f.relativeGap * 100, 3)} %)`}</dd></div>
      <div><dt>Optimality</dt><dd data-figure="optimal" data-value={String(f.optimal)}>{f.optimal ? 'proven optimal' : 'not proven optimal'}</dd></div>
      <div><dt>Paradoxically rejected</dt><dd data-figure="paradoxically-rejected" data-value={String(f.paradoxicallyRejected.length)}>{f.paradoxicallyRejected.length}</dd></div>
    </dl>
  );
}

function Paradoxical({ view }: { view: AuctionView }) {
  const rows = view.bids.filter((row) => row.paradoxicallyRejected);
  const count = view.figures?.paradoxicallyRejected.length ?? 0;
  if (!view.figures) return <p class="muted">Known once the auction has cleared.</p>;
  if (count === 0) return <p class="muted" data-testid="no-paradoxical">None: every rejected block would have lost money at the clearing prices.</p>;
  return (
    <>
      <p>{`${count} block${count === 1 ? '' : 's'} would have gained at the clearing prices but were rejected (allowed under uniform pricing, reported for transparency).`}</p>
      <ul data-testid="paradoxical-list">
        {rows.map((row) => <li>{`${row.bid.id} (${row.bid.bidder}): ${bidMw(row)} MW × ${row.bid.type === 'block' ? row.bid.duration : 0} intervals at ${bidPrice(row)}`}</li>)}
        {rows.length < count ? <li class="muted">{`${count - rows.length} more belong to other bidders`}</li> : null}
      </ul>
    </>
  );
}

export function AuctionPage({ base, viewer, view }: { base: string; viewer: Viewer; view: AuctionView }) {
  const a = view.auction;
  return (
    <Layout title={a.id} base={base} viewer={viewer} scripts={['uPlot.iife.min.js', 'chart.js', 'table.js']}>
      <p><a href={`${base}/auctions`}>← Auctions</a></p>
      <h1 data-testid="auction-id">{a.id} <span class={`status status-${a.status}`} data-testid="status">{a.status}</span></h1>
      <p class="muted">
        {`${a.zone} · delivery ${utcAndLocal(a.deliveryStart, a.timeZone)} → ${utcAndLocal(deliveryEnd(a.deliveryStart, a.intervalMinutes, a.intervalCount), a.timeZone)} · `}
        {`${a.intervalCount} × ${a.intervalMinutes} min · gate closure ${utcAndLocal(a.gateClosure, a.timeZone)} · ${a.pricing} pricing · ${a.currency}${a.timeZone ? ` · ${a.timeZone}` : ''}`}
      </p>
      {view.unavailable.length > 0 ? <p class="notice" data-testid="unavailable">{`Not available yet: ${view.unavailable.join(', ')}.`}</p> : null}
      <section class="card">
        <h2>Result</h2>
        <Figures view={view} />
        {view.figures ? (
          <p class="downloads" data-testid="downloads">
            {'Download (CSV, one row per bid and interval, UTC and local time'}{viewer.role === 'operator' ? '' : ', your bids only'}{'): '}
            <a href={`${base}/auctions/${encodeURIComponent(a.id)}/result.csv`} data-testid="download-result" download>result</a>
            {' · '}
            <a href={`${base}/auctions/${encodeURIComponent(a.id)}/settlement.csv`} data-testid="download-settlement" download>settlement</a>
          </p>
        ) : null}
      </section>
      <section class="card">
        <h2>Split per interval</h2>
        <div id="split-chart" data-testid="split-chart" role="img" aria-label="Stacked MW per interval: AI, mining, unsold; forecast and price lines. The same numbers are in the table below."></div>
        <FirmSummary view={view} />
        <p class="legend-note">Bars: AI (blue), mining (amber) and unsold surplus (grey) in MW, stacked; lines: forecast surplus, revised surplus after curtailment; clearing and reserve price on the right axis.{hasFirmColumns(view) ? ' Dotted teal: the firm capacity; dashed teal: the firm price.' : ''}</p>
        <IntervalTable view={view} />
      </section>
      <section class="card"><h2>Paradoxically rejected blocks</h2><Paradoxical view={view} /></section>
      <section class="card"><h2>{viewer.role === 'operator' ? 'Bids' : 'Your bids'}</h2><BidTable view={view} /></section>
      <section class="card"><h2>Curtailments</h2><CurtailmentLog view={view} /><Timeline view={view} /></section>
      <section class="card"><h2>Settlement</h2><Settlement view={view} /></section>
      <section class="card"><h2>Metered delivery</h2><Metering view={view} /></section>
      <script type="application/json" id="auction-data" dangerouslySetInnerHTML={{ __html: jsonForScript(view) }}></script>
    </Layout>
  );
}
