// Opaque page cursors: base64url(JSON) of a DynamoDB LastEvaluatedKey (plus, for sharded
// listings, the shard). Decoding validates the shape AND that the key belongs to the partition
// being listed, so a tampered cursor is a 400, never a scan of someone else's items.
import { z } from 'zod';
import { InvalidCursorError } from '../market/ports';

const KeySchema = z.record(z.string().regex(/^(pk|sk|gsi1pk|gsi1sk|gsi2pk|gsi2sk)$/), z.string().max(1024));
const CursorSchema = z.strictObject({ s: z.number().int().min(0).max(255).optional(), k: KeySchema.optional() });
export type Cursor = z.infer<typeof CursorSchema>;

/** The key attributes of an ExclusiveStartKey for the table and for each index queried with one. */
export const TABLE_KEY = ['pk', 'sk'] as const;
export const GSI1_KEY = ['gsi1pk', 'gsi1sk', 'pk', 'sk'] as const;

/**
 * True when `k` has exactly the attributes `shape` (no more, no fewer), each a non-empty string, and
 * every attribute named in `fixed` has that value: a start key DynamoDB accepts for that query, so a
 * forged cursor is refused here (400) instead of by DynamoDB (ValidationException, 500).
 */
export function keyIs(k: Cursor['k'], shape: readonly string[], fixed: Record<string, string | RegExp>): boolean {
  if (k === undefined) return false;
  const names = Object.keys(k);
  if (names.length !== shape.length || !shape.every((name) => names.includes(name))) return false;
  if (!names.every((name) => (k[name] ?? '').length > 0)) return false;
  return Object.entries(fixed).every(([name, want]) => {
    const value = k[name] ?? '';
    return typeof want === 'string' ? value === want : want.test(value);
  });
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string | undefined, check: (cursor: Cursor) => boolean): Cursor | undefined {
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError();
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success || !check(parsed.data)) throw new InvalidCursorError();
  return parsed.data;
}

/** The cursor of a page that stopped at `lastKey` (key attributes are strings in this table). */
export function pageCursor(lastKey: Record<string, unknown> | undefined, shard?: number): string | undefined {
  if (!lastKey) return undefined;
  const k = Object.fromEntries(Object.entries(lastKey).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return encodeCursor(shard === undefined ? { k } : { s: shard, k });
}
