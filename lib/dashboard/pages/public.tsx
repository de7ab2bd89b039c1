// The public transparency pages (no key, no bidder names): published auctions, and one auction's
// interval prices, MW per class, unsold and curtailed MW with the dashboard's split chart.
import type { Child } from 'hono/jsx';
import type { PublicAuction, PublicAuctionDetail } from '../../../schemas/api/market-data';
import { jsonForScript } from '../json-block';
import { deliveryEnd, num, utc, utcAndLocal } from '../format';

/** The dashboard's stylesheet and scripts, served at /dashboard/assets. */
const ASSETS = '/dashboard/assets';

function PublicLayout({ title, scripts = [], children }: { title: string; scripts?: string[]; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Surplus Broker market data`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${ASSETS}/uPlot.min.css`} />
        <link rel="stylesheet" href={`${ASSETS}/dashboard.css`} />
        {['table.js', ...scripts].map((name) => <script src={`${ASSETS}/${name}`} defer />)}
      </head>
      <body>
        <header class="top"><a href="/public">Surplus Broker · public market data</a></header>
        <main>{children}</main>
      </body>
    </html>
  );
}

export function PublicAuctionsPage({ auctions, nextCursor }: { auctions: PublicAuction[]; nextCursor?: string | undefined }) {
  return (
    <PublicLayout title="Published auctions">
      <h1>Published auctions</h1>
      <p class="muted">Every cleared auction: its welfare, the proven bound and the digest of the book that was cleared. Data: <a href="/public/auctions">JSON</a> · <a href="/public/auctions?format=csv">CSV</a>.</p>
      <section class="card">
        {auctions.length === 0 ? <p class="muted" data-testid="no-auctions">No published auctions yet.</p> : (
          <div class="table-wrap">
            <table id="public-auctions" data-sortable data-testid="public-auctions-table">
              <thead><tr>
                <th>Auction</th><th>Zone</th><th>Status</th><th>Delivery</th><th class="num">Intervals</th><th>Currency</th>
                <th class="num">Welfare</th><th class="num">Bound</th><th>Book digest</th>
              </tr></thead>
              <tbody>
                {auctions.map((a) => (
                  <tr data-auction={a.id}>
                    <td><a href={`/public/auction/${encodeURIComponent(a.id)}`}>{a.id}</a></td>
                    <td>{a.zone}</td>
                    <td><span class={`status status-${a.status}`}>{a.status}</span></td>
                    <td>{`${utcAndLocal(a.deliveryStart, a.timeZone)} → ${utc(deliveryEnd(a.deliveryStart, a.intervalMinutes, a.intervals))}`}</td>
                    <td class="num">{`${a.intervals} × ${a.intervalMinutes} min`}</td>
                    <td>{a.currency}</td>
                    <td class="num">{num(a.welfare)}</td>
                    <td class="num">{`${num(a.bound)}${a.optimal ? ' (optimal)' : ''}`}</td>
                    <td><code>{a.inputDigest.slice(0, 19)}…</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor ? <p><a href={`/public?cursor=${encodeURIComponent(nextCursor)}`}>More →</a></p> : null}
      </section>
    </PublicLayout>
  );
}

export function PublicAuctionPage({ auction: a }: { auction: PublicAuctionDetail }) {
  // The dashboard's chart reads { auction, intervals: [{ start, result, forecast, revisedSurplusMw }] }.
  const chart = {
    auction: { deliveryStart: a.deliveryStart, intervalMinutes: a.intervalMinutes, currency: a.currency },
    intervals: a.intervalResults.map((r) => ({ start: r.start, result: { price: r.price, aiMw: r.aiMw, miningMw: r.miningMw, unallocatedMw: r.unallocatedMw }, forecast: null, revisedSurplusMw: null })),
  };
  const id = encodeURIComponent(a.id);
  // Auctions cleared with firm capacity also publish the firm product per interval.
  const firm = a.intervalResults.some((r) => r.firmPrice !== undefined);
  return (
    <PublicLayout title={a.id} scripts={['uPlot.iife.min.js', 'chart.js']}>
      <p><a href="/public">← Published auctions</a></p>
      <h1 data-testid="auction-id">{a.id} <span class={`status status-${a.status}`}>{a.status}</span></h1>
      <p class="muted">{`${a.zone} · delivery ${utcAndLocal(a.deliveryStart, a.timeZone)} · ${a.intervals} × ${a.intervalMinutes} min · ${a.currency}`}</p>
      <section class="card">
        <p>{`Welfare ${num(a.welfare)} ${a.currency} · bound ${num(a.bound)}${a.optimal ? ' (proven optimal)' : ''} · ${a.curtailments} curtailment(s)`}</p>
        <p>Book digest <code data-testid="digest">{a.inputDigest}</code></p>
        <p class="muted">Data: <a href={`/public/auctions/${id}`}>JSON</a> · <a href={`/public/auctions/${id}?format=csv`}>CSV</a></p>
      </section>
      <section class="card">
        <h2>Split per interval</h2>
        <div id="split-chart" data-testid="split-chart" role="img" aria-label="Stacked MW per interval: AI, mining, unsold; the clearing price line. The same numbers are in the table below."></div>
        <div class="table-wrap">
          <table data-testid="public-intervals">
            <thead><tr><th>Start (UTC)</th>{a.timeZone ? <th>Local</th> : null}<th class="num">Price</th><th class="num">AI MW</th><th class="num">Mining MW</th><th class="num">Unsold MW</th><th class="num">Curtailed MW</th>{firm ? <><th class="num">Firm price</th><th class="num">Firm MW</th><th class="num">At-risk MW</th></> : null}</tr></thead>
            <tbody>
              {a.intervalResults.map((r) => (
                <tr>
                  <td>{utc(r.start)}</td>{a.timeZone ? <td>{r.localStart ?? ''}</td> : null}<td class="num">{num(r.price)}</td><td class="num">{num(r.aiMw)}</td>
                  <td class="num">{num(r.miningMw)}</td><td class="num">{num(r.unallocatedMw)}</td><td class="num">{num(r.curtailedMw)}</td>
                  {firm ? <><td class="num">{r.firmPrice === undefined ? '' : num(r.firmPrice)}</td><td class="num">{r.firmMw === undefined ? '' : num(r.firmMw)}</td><td class="num">{r.atRiskMw === undefined ? '' : num(r.atRiskMw)}</td></> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <script type="application/json" id="auction-data" dangerouslySetInnerHTML={{ __html: jsonForScript(chart) }}></script>
    </PublicLayout>
  );
}
