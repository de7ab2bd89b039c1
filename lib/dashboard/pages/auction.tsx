// One auction: figures, the split chart (uPlot, fed by the JSON data block), the paradoxically
// rejected blocks, the bid table, curtailment notices on a timeline and settlement totals.
import { Layout, type Viewer } from '../layout';
import type { AuctionView, BidRow, CurtailmentView } from '../../../schemas/dashboard';
import { jsonForScript } from '../json-block';
import { Metering } from './metering';
import { reasonInWords, reasonOf } from '../../clearing/reason-words';
import { deliveryEnd, localClock, money, num, utc, utcAndLocal } from '../format';
import { blockPeakMw } from '../../../schemas/block-shape';

function bidMw(row: BidRow): number {
  return row.bid.type === 'block' ? blockPeakMw(row.bid) : row.bid.steps.reduce((sum, step) => sum + step.mw, 0);
}

function bidPrice(row: BidRow): string {
  if (row.bid.type === 'block') return num(row.bid.price);
  const prices = row.bid.steps.map((step) => step.price);
  const high = Math.max(...prices);
  const low = Math.min(...prices);
  return high === low ? num(high) : `${num(high)} … ${num(low)}`;
}

function bidWindow(row: BidRow): string {
  const bid = row.bid;
  if (bid.type === 'curve') return `[${bid.from}, ${bid.to})`;
  const start = row.result && 'start' in row.result && row.result.start !== undefined ? `, at ${row.result.start}` : '';
  return `${bid.duration} from ${bid.earliestStart}…${bid.latestStart}${start}`;
}

/** The result's reason in words (engine version 2 on; older results carry none). */
function bidWhy(row: BidRow, view: AuctionView): string {
  const reason = row.result ? reasonOf(row.result) : undefined;
  if (!reason) return '';
  const { currency, deliveryStart, intervalMinutes, timeZone } = view.auction;
  return reasonInWords(reason, { currency, deliveryStart, intervalMinutes, timeZone, duration: row.bid.type === 'block' ? row.bid.duration : undefined });
}

export function bidStatus(row: BidRow): string {
  if (!row.result) return 'pending';
  if (row.paradoxicallyRejected) return 'paradoxically rejected';
  return row.result.accepted ? 'accepted' : 'rejected';
}

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

function IntervalTable({ view }: { view: AuctionView }) {
  return (
    <details>
      <summary>Numbers per interval</summary>
      <div class="table-wrap">
        <table id="intervals" data-testid="interval-table">
          <thead>
            <tr>
              <th class="num">#</th><th>Start (UTC)</th>{view.auction.timeZone ? <th>Local</th> : null}<th class="num">Forecast MW</th><th class="num">Revised MW</th>
              <th class="num">Reserve</th><th class="num">Price</th><th class="num">AI MW</th><th class="num">Mining MW</th><th class="num">Unsold MW</th>
            </tr>
          </thead>
          <tbody>
            {view.intervals.map((iv) => (
              <tr data-interval={String(iv.index)}>
                <td class="num">{iv.index}</td>
                <td>{iv.start.slice(11, 16)}</td>
                {view.auction.timeZone ? <td data-col="local">{localClock(iv.start, view.auction.timeZone)}</td> : null}
                <td class="num" data-col="surplusMw">{num(iv.forecast?.surplusMw)}</td>
                <td class="num" data-col="revisedSurplusMw" data-value={iv.revisedSurplusMw === null ? "" : String(iv.revisedSurplusMw)}>{num(iv.revisedSurplusMw)}</td>
                <td class="num" data-col="reservePrice">{num(iv.forecast?.reservePrice)}</td>
                <td class="num" data-col="price" data-value={iv.result ? String(iv.result.price) : ''}>{num(iv.result?.price)}</td>
                <td class="num" data-col="aiMw" data-value={iv.result ? String(iv.result.aiMw) : ''}>{num(iv.result?.aiMw)}</td>
                <td class="num" data-col="miningMw" data-value={iv.result ? String(iv.result.miningMw) : ''}>{num(iv.result?.miningMw)}</td>
                <td class="num" data-col="unallocatedMw" data-value={iv.result ? String(iv.result.unallocatedMw) : ''}>{num(iv.result?.unallocatedMw)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function BidTable({ view }: { view: AuctionView }) {
  if (view.bids.length === 0) return <p class="muted" data-testid="no-bids">No bids {view.viewer.role === 'bidder' ? 'of yours ' : ''}in this auction.</p>;
  return (
    <>
      <div class="filters">
        <input type="search" data-filter="bids" placeholder="Filter bids…" aria-label="Filter bids" />
        <select data-filter-table="bids" data-filter-column="2" aria-label="Class">
          <option value="">all classes</option><option value="ai">ai</option><option value="mining">mining</option>
        </select>
        <select data-filter-table="bids" data-filter-column="7" aria-label="Outcome">
          <option value="">all outcomes</option><option value="accepted">accepted</option><option value="rejected">rejected</option>
          <option value="paradoxically rejected">paradoxically rejected</option><option value="pending">pending</option>
        </select>
        <span class="muted" data-count-for="bids"></span>
      </div>
      <div class="table-wrap">
        <table id="bids" data-sortable data-testid="bid-table">
          <thead>
            <tr>
              <th><button class="sort" type="button">Bid</button></th>
              <th><button class="sort" type="button">Bidder</button></th>
              <th><button class="sort" type="button">Class</button></th>
              <th><button class="sort" type="button">Type</button></th>
              <th class="num" data-type="number"><button class="sort" type="button">MW</button></th>
              <th class="num" data-type="number"><button class="sort" type="button">{`Price (${view.auction.currency}/MWh)`}</button></th>
              <th><button class="sort" type="button">Intervals</button></th>
              <th><button class="sort" type="button">Outcome</button></th>
              <th class="num" data-type="number"><button class="sort" type="button">Allocated MWh</button></th>
              <th>Why not fully accepted</th>
            </tr>
          </thead>
          <tbody>
            {view.bids.map((row) => (
              <tr data-bid={row.bid.id}>
                <td>{row.bid.id}</td>
                <td>{row.bid.bidder}</td>
                <td class={`pill-${row.bid.class}`}>{row.bid.class}</td>
                <td>{row.bid.type}</td>
                <td class="num" data-value={String(bidMw(row))}>{num(bidMw(row))}</td>
                <td class="num" data-value={String(row.bid.type === 'block' ? row.bid.price : Math.max(...row.bid.steps.map((s) => s.price)))}>{bidPrice(row)}</td>
                <td>{bidWindow(row)}</td>
                <td>{bidStatus(row)}</td>
                <td class="num" data-value={String(row.allocatedMwh ?? -1)}>{num(row.allocatedMwh)}</td>
                <td class="why" data-reason={row.result?.reason ?? ''}>{bidWhy(row, view)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
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

/** Each curtailment, oldest first: when, who asked (operator), what it revised and what it cut. */
function CurtailmentLog({ view }: { view: AuctionView }) {
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
function Timeline({ view }: { view: AuctionView }) {
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

function Settlement({ view }: { view: AuctionView }) {
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
        <p class="legend-note">Bars: AI (blue), mining (amber) and unsold surplus (grey) in MW, stacked; lines: forecast surplus, revised surplus after curtailment; clearing and reserve price on the right axis.</p>
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
