// broker result AUCTION: the published clearing result (GET /v1/auctions/{id}/result) — figures
// and one row per interval; --csv for the intervals as CSV, --rows for the broker's CSV of one row
// per bid and interval (every page), --json for the result file as served.
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { AuctionSchema } from '../../../schemas/api/auctions';
import { reasonInWords, reasonOf, type ReasonContext } from '../../../lib/clearing/reason-words';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import { fmt, formatTable } from '../output/table';
import { writeCsvPages } from '../output/csv-pages';
import { fetchAllBids } from './bids-list';
import { StoredBidSchema } from '../../../schemas/api/bids';
import type { ApiClient } from '../../../lib/api-client';
import type { CliIo } from '../io';

/** Whether the result carries firm figures (books with firm capacity): then they get columns. */
export function hasFirmFigures(result: ClearingResult): boolean {
  return result.intervals.some((iv) => iv.firmPrice !== undefined || iv.firmMw !== undefined || iv.atRiskMw !== undefined);
}

export function resultCsv(result: ClearingResult): string {
  const firm = hasFirmFigures(result);
  const cell = (x: number | undefined) => (x === undefined ? '' : String(x));
  const rows = result.intervals.map((iv, i) => `${i},${iv.price},${iv.aiMw},${iv.miningMw},${iv.unallocatedMw}${firm ? `,${cell(iv.firmPrice)},${cell(iv.firmMw)},${cell(iv.atRiskMw)}` : ''}`);
  return [`interval,price,ai_mw,mining_mw,unallocated_mw${firm ? ',firm_price,firm_mw,at_risk_mw' : ''}`, ...rows].join('\n') + '\n';
}

/** Every bid not fully accepted, with its reason in words (results of engine version 2 on).
 * `durations`: block durations by bid id, so a best start is worded as its window. */
export function reasonsText(result: ClearingResult, ctx: ReasonContext, durations: ReadonlyMap<string, number> = new Map()): string {
  const rows = result.bids.flatMap((bid) => {
    const reason = reasonOf(bid);
    return reason ? [[bid.id, bid.accepted ? 'partly' : 'rejected', reasonInWords(reason, { ...ctx, duration: durations.get(bid.id) })]] : [];
  });
  if (rows.length === 0) return '';
  return `\nnot fully accepted (${rows.length})\n${formatTable(['bid', 'outcome', 'why'], rows)}`;
}

export function resultText(result: ClearingResult): string {
  const gap = result.bound - result.welfare;
  const accepted = result.bids.filter((bid) => bid.accepted).length;
  const lines = [
    `auction   ${result.auctionId}`,
    `welfare   ${fmt(result.welfare, 2)}`,
    `bound     ${fmt(result.bound, 2)}  (gap ${fmt(gap, 2)}${result.bound !== 0 ? `, ${fmt((gap / Math.abs(result.bound)) * 100, 4)} %` : ''})`,
    `optimal   ${result.optimal ? 'yes (proven)' : 'not proven'}`,
    `bids      ${accepted} accepted of ${result.bids.length} shown${result.paradoxicallyRejected.length ? `; paradoxically rejected: ${result.paradoxicallyRejected.join(', ')}` : ''}`,
    `digest    ${result.inputDigest}`,
    '',
  ];
  const firm = hasFirmFigures(result);
  const table = formatTable(['interval', 'price', 'ai mw', 'mining mw', 'unsold mw', ...(firm ? ['firm price', 'firm mw', 'at-risk mw'] : [])],
    result.intervals.map((iv, i) => [i, fmt(iv.price), fmt(iv.aiMw), fmt(iv.miningMw), fmt(iv.unallocatedMw), ...(firm ? [fmt(iv.firmPrice), fmt(iv.firmMw), fmt(iv.atRiskMw)] : [])]),
    Array.from({ length: firm ? 8 : 5 }, () => 'right'));
  return lines.join('\n') + table + stepPricesText(result);
}

/** Bids with indexed steps: the effective price of each step under the frozen index value. */
export function stepPricesText(result: ClearingResult): string {
  const rows = result.bids.flatMap((bid) => ('stepPrices' in bid && bid.stepPrices ? [[bid.id, bid.stepPrices.map((p) => fmt(p)).join(', ')]] : []));
  return rows.length === 0 ? '' : `\nindexed step prices (per MWh, in step order)\n${formatTable(['bid', 'step prices'], rows)}`;
}

/** Fewer blocks than this are read one by one (GET …/bids/{bidId}); more, by listing every bid. */
const SINGLE_READS = 20;

/** The durations of the blocks whose reason names a best start (to word it as a window). */
async function blockDurations(api: ApiClient, io: CliIo, auctionId: string, result: ClearingResult): Promise<Map<string, number>> {
  const ids = result.bids.filter((bid) => bid.reason !== undefined && bid.bestStart !== undefined).map((bid) => bid.id);
  if (ids.length === 0) return new Map();
  const base = `/v1/auctions/${encodeURIComponent(auctionId)}/bids`;
  const bids = ids.length < SINGLE_READS
    ? await Promise.all(ids.map((id) => api.get(`${base}/${encodeURIComponent(id)}`, StoredBidSchema)))
    : await fetchAllBids(api, io, auctionId);
  return new Map(bids.flatMap((bid) => (bid.type === 'block' ? [[bid.id, bid.duration] as const] : [])));
}

/** Options of `result` and `settlement`: one AUCTION, --csv or --json. */
export const TABLE_OR_CSV_OPTIONS = { ...COMMON_OPTIONS, csv: { type: 'boolean', default: false } } as const;
export const TableOrCsvSchema = CommonOptionsSchema.extend({ csv: z.boolean(), positionals: OneArgument });

const RESULT_OPTIONS = { ...TABLE_OR_CSV_OPTIONS, rows: { type: 'boolean', default: false } } as const;
const parse = optionsParser(RESULT_OPTIONS, 1, TableOrCsvSchema.extend({ rows: z.boolean() }));

export const result = defineCommand({
  name: 'result',
  summary: 'Show an auction\'s published result (own bids; all for the operator)',
  usage: 'broker result AUCTION [--csv | --rows | --json]',
  parse,
  async run({ args, io, client }) {
    const api = client();
    const path = `/v1/auctions/${encodeURIComponent(args.positionals[0])}`;
    if (args.rows) {
      await writeCsvPages(api, io, `${path}/result`, 'fetching the result rows');
      return 0;
    }
    const response = await api.request('GET', `${path}/result`);
    const parsed = parseBody(response, ResultSchema);
    if (args.json) io.stdout(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
    else if (args.csv) io.stdout(resultCsv(parsed));
    else {
      const auction = await api.get(path, AuctionSchema);
      // A block's best start is worded as its window, which needs the block's duration.
      const durations = await blockDurations(api, io, auction.id, parsed);
      io.stdout(resultText(parsed) + reasonsText(parsed, { currency: auction.currency, deliveryStart: auction.deliveryStart, intervalMinutes: auction.intervalMinutes, timeZone: auction.timeZone }, durations));
    }
    return 0;
  },
});
