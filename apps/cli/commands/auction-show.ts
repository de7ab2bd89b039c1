// broker auction show AUCTION: the auction, its lifecycle times and forecast versions.
import { AuctionSchema } from '../../../schemas/api/auctions';
import { ForecastVersionsSchema } from '../../../schemas/api/forecasts';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, OneArgument, optionsParser } from '../command';
import { fmt, formatTable } from '../output/table';
import { instant } from './auction-rows';

const parse = optionsParser(COMMON_OPTIONS, 1, CommonOptionsSchema.extend({ positionals: OneArgument }));

export const auctionShow = defineCommand({
  name: 'auction show',
  summary: 'Show one auction: header, lifecycle times (UTC and local), forecast versions',
  usage: 'broker auction show AUCTION [--json]',
  parse,
  async run({ args, io, client }) {
    const [auctionId] = args.positionals;
    const api = client();
    const path = `/v1/auctions/${encodeURIComponent(auctionId)}`;
    const auction = await api.get(path, AuctionSchema);
    const versions = await api.get(`${path}/forecast/versions`, ForecastVersionsSchema);
    if (args.json) {
      io.stdout(`${JSON.stringify({ auction, forecastVersions: versions.items }, null, 2)}\n`);
      return 0;
    }
    const tz = auction.timeZone;
    const end = new Date(Date.parse(auction.deliveryStart) + auction.intervalCount * auction.intervalMinutes * 60_000).toISOString();
    const lines = [
      `auction    ${auction.id}   ${auction.status}`,
      `zone       ${auction.zone}   ${auction.pricing} pricing, ${auction.currency}${tz ? `, time zone ${tz}` : ''}`,
      `delivery   ${instant(auction.deliveryStart, tz)} → ${instant(end, tz)}   (${auction.intervalCount} x ${auction.intervalMinutes} min)`,
      `gate       ${instant(auction.gateClosure, tz)}`,
      ...Object.entries(auction.timestamps ?? {}).map(([name, at]) => `${name.padEnd(10)} ${instant(at, tz)}`),
      ...(auction.failure ? [`failure    ${auction.failure.reason}`] : []),
      '',
    ];
    io.stdout(lines.join('\n'));
    // A firm MWh column only when some version gives firmMw (market design v2), so older output is unchanged.
    const firm = versions.items.some((v) => v.firmMwh !== undefined);
    io.stdout(versions.items.length === 0 ? 'no forecast yet\n' : formatTable(['version', 'created', 'intervals', 'surplus MWh', ...(firm ? ['firm MWh'] : []), 'used for clearing'],
      versions.items.map((v) => [v.version, instant(v.createdAt, tz), v.intervalCount, fmt(v.surplusMwh), ...(firm ? [v.firmMwh === undefined ? '' : fmt(v.firmMwh)] : []), v.usedForClearing ? 'yes' : ''])));
    return 0;
  },
});
