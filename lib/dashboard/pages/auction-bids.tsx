// The auction page's bid table (sortable, filterable by text, class, outcome and firmness): each bid with its
// terms (firmness, exclusive group, parent, profile as a sparkline), its outcome and, once cleared,
// why it was not fully accepted, in words.
import type { AuctionView, BidRow } from '../../../schemas/dashboard';
import { num } from '../format';
import { bidMw, bidPrice, bidStatus, bidTermsView, bidTopPrice, bidWhy, bidWindow, sparkPoints } from '../bid-view';

const SPARK_W = 60;
const SPARK_H = 16;

function Terms({ row }: { row: BidRow }) {
  const terms = bidTermsView(row.bid);
  const bid = row.bid;
  return (
    <td class="terms" data-value={terms.firmness} data-firmness={terms.firmness}
      data-group={bid.type === 'block' ? (bid.exclusiveGroup ?? '') : ''} data-parent={bid.type === 'block' ? (bid.parentId ?? '') : ''}>
      <span class="terms-list">
      {terms.phrases.map((phrase, i) => <span class={i === 0 ? `term term-${terms.firmness}` : 'term'}>{phrase}</span>)}
      {terms.profile ? (
        <span class="term term-profile" data-profile={terms.profile.mw.join(',')}>
          <svg class="spark" viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} width={String(SPARK_W)} height={String(SPARK_H)} role="img" aria-label={`MW per interval: ${terms.profile.mw.map((mw) => num(mw)).join(', ')}`}>
            <polyline points={sparkPoints(terms.profile.mw, SPARK_W, SPARK_H)} />
          </svg>
          {` ${terms.profile.text}`}
        </span>
      ) : null}
      </span>
    </td>
  );
}

export function BidTable({ view }: { view: AuctionView }) {
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
        <select data-filter-table="bids" data-filter-column="9" aria-label="Firmness">
          <option value="">firm and interruptible</option><option value="firm">firm</option><option value="interruptible">interruptible</option>
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
              <th><button class="sort" type="button">Terms</button></th>
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
                <td class="num" data-value={String(bidTopPrice(row))}>{bidPrice(row)}</td>
                <td>{bidWindow(row)}</td>
                <td>{bidStatus(row)}</td>
                <td class="num" data-value={String(row.allocatedMwh ?? -1)}>{num(row.allocatedMwh)}</td>
                <Terms row={row} />
                <td class="why" data-reason={row.result?.reason ?? ''}>{bidWhy(row, view)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
