// broker settlement AUCTION: the caller's statement (all statements and the totals for the
// operator) as a table; --csv asks the broker for its CSV form (every page), --json prints the JSON as served.
import { parseBody } from '../../../lib/api-client';
import { SettlementSchema, type Settlement } from '../../../schemas/lifecycle';
import { defineCommand, optionsParser } from '../command';
import { fmt, formatTable } from '../output/table';
import { TABLE_OR_CSV_OPTIONS, TableOrCsvSchema } from './result';
import { writeCsvPages } from '../output/csv-pages';

export function settlementText(s: Settlement): string {
  const money = (value: number) => value.toFixed(2);
  const head = `${s.auctionId}: ${s.final ? 'final' : 'provisional (delivery not over)'} settlement, ${s.pricing} pricing, ${s.currency}, dispatch v${s.dispatchVersion}\n\n`;
  const rows = s.statements.map((st) => [st.bidderId, st.lines.length, fmt(st.totals.deliveredMwh, 6), fmt(st.totals.curtailedMwh, 6), money(st.totals.charge)]);
  let out = head + (rows.length === 0 ? 'no statements\n'
    : formatTable(['bidder', 'lines', 'delivered mwh', 'curtailed mwh', `charge ${s.currency}`], rows, ['left', 'right', 'right', 'right', 'right']));
  if (s.totals) {
    out += `\ntotal: ${fmt(s.totals.deliveredMwh, 6)} MWh delivered, ${fmt(s.totals.curtailedMwh, 6)} MWh curtailed (not charged), revenue ${money(s.totals.revenue)} ${s.currency}\n`;
    out += `  ai:     ${fmt(s.totals.byClass.ai.deliveredMwh, 6)} MWh, ${money(s.totals.byClass.ai.charge)} ${s.currency}\n`;
    out += `  mining: ${fmt(s.totals.byClass.mining.deliveredMwh, 6)} MWh, ${money(s.totals.byClass.mining.charge)} ${s.currency}\n`;
  }
  return out;
}

const parse = optionsParser(TABLE_OR_CSV_OPTIONS, 1, TableOrCsvSchema);

export const settlement = defineCommand({
  name: 'settlement',
  summary: 'Show the settlement statement(s) of an auction',
  usage: 'broker settlement AUCTION [--csv | --json]',
  parse,
  async run({ args, io, client }) {
    const path = `/v1/auctions/${encodeURIComponent(args.positionals[0])}/settlement`;
    // CSV: every page (a large settlement comes in pages of lines), one header row.
    if (args.csv) {
      await writeCsvPages(client(), io, path, 'fetching the settlement');
      return 0;
    }
    const response = await client().request('GET', path);
    if (args.json) {
      io.stdout(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
      return 0;
    }
    io.stdout(settlementText(parseBody(response, SettlementSchema)));
    return 0;
  },
});
