// The auction page's numbers per interval: forecast, revision, prices and the split; for books with
// firm capacity also the firm capacity, the firm price, the firm MW sold and the interruptible MW
// at risk (columns shown only when the auction has them, so older auctions look as before).
import type { AuctionView, IntervalView } from '../../../schemas/dashboard';
import { localClock, num } from '../format';

const range = (values: number[], unit: string) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${num(high)} ${unit}` : `${num(low)}–${num(high)} ${unit}`;
};

/** One line above the chart for auctions with firm capacity: the firm price and MW over the day. */
export function FirmSummary({ view }: { view: AuctionView }) {
  const results = view.intervals.flatMap((iv) => (iv.result ? [iv.result] : []));
  const firmPrices = results.flatMap((r) => (r.firmPrice === undefined ? [] : [r.firmPrice]));
  if (firmPrices.length === 0) return null;
  const firmMw = results.map((r) => r.firmMw ?? 0);
  const atRisk = results.map((r) => r.atRiskMw ?? 0);
  return (
    <p class="firm-summary" data-testid="firm-summary">
      <span data-figure="firm-price" data-value={firmPrices.join(',')}>{`Firm price ${range(firmPrices, `${view.auction.currency}/MWh`)}`}</span>
      {' · '}<span data-figure="firm-mw">{`firm ${range(firmMw, 'MW')}`}</span>
      {' · '}<span data-figure="at-risk-mw">{`at risk ${range(atRisk, 'MW')}`}</span>
    </p>
  );
}

/** Whether any interval has firm capacity in its forecast or firm figures in its result. */
export function hasFirmColumns(view: AuctionView): boolean {
  return view.intervals.some((iv) => iv.forecast?.firmMw !== undefined || iv.result?.firmPrice !== undefined || iv.result?.firmMw !== undefined || iv.result?.atRiskMw !== undefined);
}

const cell = (value: number | undefined) => ({ 'data-value': value === undefined ? '' : String(value) });

function FirmCells({ iv }: { iv: IntervalView }) {
  return (
    <>
      <td class="num" data-col="firmCapMw" {...cell(iv.forecast?.firmMw)}>{num(iv.forecast?.firmMw)}</td>
      <td class="num" data-col="firmPrice" {...cell(iv.result?.firmPrice)}>{num(iv.result?.firmPrice)}</td>
      <td class="num" data-col="firmMw" {...cell(iv.result?.firmMw)}>{num(iv.result?.firmMw)}</td>
      <td class="num" data-col="atRiskMw" {...cell(iv.result?.atRiskMw)}>{num(iv.result?.atRiskMw)}</td>
    </>
  );
}

export function IntervalTable({ view }: { view: AuctionView }) {
  const firm = hasFirmColumns(view);
  return (
    <details>
      <summary>Numbers per interval</summary>
      {firm ? <p class="legend-note" data-testid="firm-note">Firm load is sold only against the firm capacity (the operator's confident surplus) and is curtailed last; the firm price is what firm MW pay. At-risk MW: interruptible load a fall of the surplus to the firm capacity would curtail.</p> : null}
      <div class="table-wrap">
        <table id="intervals" data-testid="interval-table">
          <thead>
            <tr>
              <th class="num">#</th><th>Start (UTC)</th>{view.auction.timeZone ? <th>Local</th> : null}<th class="num">Forecast MW</th><th class="num">Revised MW</th>
              <th class="num">Reserve</th><th class="num">Price</th><th class="num">AI MW</th><th class="num">Mining MW</th><th class="num">Unsold MW</th>
              {firm ? <><th class="num">Firm capacity MW</th><th class="num">Firm price</th><th class="num">Firm MW</th><th class="num">At-risk MW</th></> : null}
            </tr>
          </thead>
          <tbody>
            {view.intervals.map((iv) => (
              <tr data-interval={String(iv.index)}>
                <td class="num">{iv.index}</td>
                <td>{iv.start.slice(11, 16)}</td>
                {view.auction.timeZone ? <td data-col="local">{localClock(iv.start, view.auction.timeZone)}</td> : null}
                <td class="num" data-col="surplusMw">{num(iv.forecast?.surplusMw)}</td>
                <td class="num" data-col="revisedSurplusMw" data-value={iv.revisedSurplusMw === null ? '' : String(iv.revisedSurplusMw)}>{num(iv.revisedSurplusMw)}</td>
                <td class="num" data-col="reservePrice">{num(iv.forecast?.reservePrice)}</td>
                <td class="num" data-col="price" {...cell(iv.result?.price)}>{num(iv.result?.price)}</td>
                <td class="num" data-col="aiMw" {...cell(iv.result?.aiMw)}>{num(iv.result?.aiMw)}</td>
                <td class="num" data-col="miningMw" {...cell(iv.result?.miningMw)}>{num(iv.result?.miningMw)}</td>
                <td class="num" data-col="unallocatedMw" {...cell(iv.result?.unallocatedMw)}>{num(iv.result?.unallocatedMw)}</td>
                {firm ? <FirmCells iv={iv} /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
