// broker forecast upload AUCTION FILE.csv|FILE.json: publishes a forecast version
// (PUT /v1/auctions/{id}/forecast; CSV sent as text/csv, JSON as is).
import { parseBody } from '../../../lib/api-client';
import { ForecastSchema } from '../../../schemas/api/forecasts';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser, TwoArguments } from '../command';
import { parseJsonInput, readInput } from '../input-files';

const parse = optionsParser(COMMON_OPTIONS, 2, CommonOptionsSchema.extend({ positionals: TwoArguments }));

export const forecastUpload = defineCommand({
  name: 'forecast upload',
  summary: 'Upload a forecast (CSV interval,surplus_mw,reserve_price or JSON) (operator)',
  usage: 'broker forecast upload AUCTION FILE.csv|FILE.json [--json]',
  parse,
  async run({ args, io, client }) {
    const [auctionId, file] = args.positionals;
    const text = await readInput(io, file);
    const isJson = file.toLowerCase().endsWith('.json');
    // The settings are checked before the JSON is parsed (the order users have seen so far).
    const api = client();
    const response = await api.request('PUT', `/v1/auctions/${encodeURIComponent(auctionId)}/forecast`,
      isJson ? { json: parseJsonInput(file, text) } : { text, contentType: 'text/csv' });
    const forecast = parseBody(response, ForecastSchema);
    io.stdout(args.json ? `${response.text}\n` : `forecast version ${forecast.version} stored for ${auctionId}\n`);
    return 0;
  },
});
