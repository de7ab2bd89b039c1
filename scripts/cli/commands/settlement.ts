// broker settlement AUCTION: the caller's statement (all statements and totals for the operator);
// --csv asks the broker for its CSV form, --json prints the JSON as served.
import type { Command } from '../command';
import { COMMON_OPTIONS, parse } from '../command';
import { clientConfigFromEnv, request, CliError, EXIT_FAILURE } from '../http-client';
import { formatTable } from '../output';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function scalar(value: Json): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

/** Plain-text rendering of a settlement document: scalar fields as lines, arrays of objects as tables. */
export function settlementText(doc: Json, indent = ''): string {
  if (scalar(doc)) return `${indent}${String(doc)}\n`;
  if (Array.isArray(doc)) {
    const rows = doc.filter((row): row is { [key: string]: Json } => row !== null && typeof row === 'object' && !Array.isArray(row));
    const headers = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => scalar(row[k] ?? null))))];
    return rows.length === 0 ? `${indent}(none)\n` : formatTable(headers, rows.map((row) => headers.map((h) => String(row[h] ?? ''))))
      .split('\n').map((line) => (line ? indent + line : line)).join('\n');
  }
  let out = '';
  for (const [key, value] of Object.entries(doc)) {
    if (scalar(value)) out += `${indent}${key}: ${String(value)}\n`;
    else out += `${indent}${key}:\n${settlementText(value, `${indent}  `)}`;
  }
  return out;
}

export const settlement: Command = {
  name: 'settlement',
  summary: 'Show the settlement statement(s) of an auction',
  usage: 'broker settlement AUCTION [--csv | --json]',
  async run(args, { io, env }) {
    const { values, positionals } = parse(args, { ...COMMON_OPTIONS, csv: { type: 'boolean', default: false } }, 1);
    const path = `/v1/auctions/${encodeURIComponent(positionals[0] as string)}/settlement`;
    const response = await request(clientConfigFromEnv(env), 'GET', path, values.csv ? { accept: 'text/csv' } : {});
    if (values.csv || values.json) {
      io.stdout.write(response.text.endsWith('\n') ? response.text : `${response.text}\n`);
      return 0;
    }
    let doc: Json;
    try {
      doc = JSON.parse(response.text) as Json;
    } catch {
      throw new CliError('the broker answered with a settlement that is not JSON', EXIT_FAILURE);
    }
    io.stdout.write(settlementText(doc));
    return 0;
  },
};
