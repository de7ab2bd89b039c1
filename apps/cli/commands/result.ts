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

export function resultCsv(result: ClearingResult): string {
  const rows = result.intervals.map((iv, i) => `${i},${iv.price},${iv.aiMw},${iv.miningMw},${iv.unallocatedMw}`);
  return ['interval,price,ai_mw,mining_mw,unallocated_mw', ...rows].join('\n') + '\n';
}

/** Every bid not fully accepted, with its reason in words (results of engine version 2 on). */
export function reasonsText(result: ClearingResult, ctx: ReasonContext): string {
  const rows = result.bids.flatMap((bid) => {
    const reason = reasonOf(bid);
    return reason ? [[bid.id, bid.accepted ? 'partly' : 'rejected', reasonInWords(reason, ctx)]] : [];
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
  const table = formatTable(['interval', 'price', 'ai mw', 'mining mw', 'unsold mw'],
    result.intervals.map((iv, i) => [i, fmt(iv.price), fmt(iv.aiMw), fmt(iv.miningMw), fmt(iv.unallocatedMw)]),
    ['right', 'right', 'right', 'right', 'right']);
  return lines.join('\n') + table;
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
      io.stdout(resultText(parsed) + reasonsText(parsed, { currency: auction.currency, deliveryStart: auction.deliveryStart, intervalMinutes: auction.intervalMinutes, timeZone: auction.timeZone }));
    }
    return 0;
  },
});
