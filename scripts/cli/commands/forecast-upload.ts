// broker forecast upload AUCTION FILE.csv|FILE.json: publishes a forecast version
// (PUT /v1/auctions/{id}/forecast; CSV sent as text/csv, JSON as is).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, parseBody, request, usageError } from '../http-client';
import { ForecastResponseSchema } from '../api-shapes';

export function readInput(cwd: string, file: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function parseJsonInput(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export const forecastUpload: Command = {
  name: 'forecast upload',
  summary: 'Upload a forecast (CSV interval,surplus_mw,reserve_price or JSON) (operator)',
  usage: 'broker forecast upload AUCTION FILE.csv|FILE.json [--json]',
  async run(args, { io, env, cwd }) {
    const { values, positionals } = parse(args, COMMON_OPTIONS, 2);
    const [auctionId, file] = positionals as [string, string];
    const text = readInput(cwd, file);
    const isJson = file.toLowerCase().endsWith('.json');
    const response = await request(clientConfigFromEnv(env), 'PUT', `/v1/auctions/${encodeURIComponent(auctionId)}/forecast`,
      isJson ? { json: parseJsonInput(file, text) } : { text, contentType: 'text/csv' });
    const forecast = parseBody(response, ForecastResponseSchema);
    io.stdout.write(values.json ? `${response.text}\n` : `forecast version ${forecast.version} stored for ${auctionId}\n`);
    return 0;
  },
};
