// The exact bytes of a result file: fixed key order, one interval and one bid per line, numbers
// as JSON.stringify prints them (the engine already rounded them), trailing newline. The API and
// the CLI both publish these bytes.
import type { ClearingResult } from '../../schemas/result';

const TOP = ['format', 'auctionId', 'inputDigest', 'intervals', 'bids', 'welfare', 'bound', 'optimal', 'paradoxicallyRejected', 'stats'] as const;
const INTERVAL = ['price', 'aiMw', 'miningMw', 'unallocatedMw'] as const;
const BID = ['id', 'accepted', 'start', 'ratio', 'mw', 'reason', 'shortfall', 'foregone', 'bestStart', 'acceptedMember'] as const;

function ordered(o: Record<string, unknown>, keys: readonly string[]): string {
  const parts: string[] = [];
  for (const k of keys) if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${JSON.stringify(o[k])}`);
  for (const k of Object.keys(o).sort()) if (!keys.includes(k) && o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${JSON.stringify(o[k])}`);
  return `{${parts.join(',')}}`;
}

function list(items: string[]): string {
  return items.length === 0 ? '[]' : `[\n    ${items.join(',\n    ')}\n  ]`;
}

export function serializeResult(result: ClearingResult): string {
  const r = result as unknown as Record<string, unknown>;
  const lines: string[] = [];
  for (const k of TOP) {
    const v = r[k];
    if (v === undefined) continue;
    let text: string;
    if (k === 'intervals') text = list(result.intervals.map((iv) => ordered(iv, INTERVAL)));
    else if (k === 'bids') text = list(result.bids.map((b) => ordered(b as Record<string, unknown>, BID)));
    else if (k === 'stats') text = ordered(result.stats, []);
    else text = JSON.stringify(v);
    lines.push(`  ${JSON.stringify(k)}: ${text}`);
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}
