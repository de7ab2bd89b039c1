// The auctions list: status, gate closure and delivery window of each auction.
import { Layout, type Viewer } from '../layout';
import type { AuctionSummary } from '../../../schemas/dashboard';
import { deliveryEnd, utc, utcAndLocal } from '../format';

export function AuctionsPage({ base, viewer, auctions, nextCursor }: { base: string; viewer: Viewer; auctions: AuctionSummary[]; nextCursor?: string | undefined }) {
  return (
    <Layout title="Auctions" base={base} viewer={viewer} scripts={['table.js']}>
      <h1>Auctions</h1>
      <section class="card">
        {auctions.length === 0 ? <p class="muted" data-testid="no-auctions">No auctions yet.</p> : (
          <div class="table-wrap">
            <table id="auctions" data-sortable data-testid="auctions-table">
              <thead>
                <tr>
                  <th><button class="sort" type="button">Auction</button></th>
                  <th><button class="sort" type="button">Zone</button></th>
                  <th><button class="sort" type="button">Status</button></th>
                  <th><button class="sort" type="button">Gate closure</button></th>
                  <th><button class="sort" type="button">Delivery</button></th>
                  <th class="num" data-type="number"><button class="sort" type="button">Intervals</button></th>
                  <th><button class="sort" type="button">Pricing</button></th>
                  <th><button class="sort" type="button">Currency</button></th>
                  <th><button class="sort" type="button">Time zone</button></th>
                </tr>
              </thead>
              <tbody>
                {auctions.map((auction) => (
                  <tr data-auction={auction.id}>
                    <td><a href={`${base}/auctions/${encodeURIComponent(auction.id)}`}>{auction.id}</a></td>
                    <td>{auction.zone}</td>
                    <td><span class={`status status-${auction.status}`} data-testid="status">{auction.status}</span></td>
                    <td data-value={auction.gateClosure}>{utcAndLocal(auction.gateClosure, auction.timeZone)}</td>
                    <td data-value={auction.deliveryStart}>
                      {utc(auction.deliveryStart)} → {utc(deliveryEnd(auction.deliveryStart, auction.intervalMinutes, auction.intervalCount))}
                    </td>
                    <td class="num" data-value={String(auction.intervalCount)}>{`${auction.intervalCount} × ${auction.intervalMinutes} min`}</td>
                    <td>{auction.pricing}</td>
                    <td>{auction.currency}</td>
                    <td data-testid="time-zone">{auction.timeZone ?? 'UTC'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor ? <p><a href={`${base}/auctions?cursor=${encodeURIComponent(nextCursor)}`}>Next page →</a></p> : null}
      </section>
    </Layout>
  );
}
