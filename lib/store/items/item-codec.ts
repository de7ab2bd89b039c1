// One codec per stored item kind: the zod schema of the item as stored (keys + attributes),
// `encode` (record → item) and `decode` (item → record). Decoding parses, so an item that does
// not match its schema raises CorruptItemError instead of flowing on as a half-typed value.
import type { z } from 'zod';

/** A stored item failed its codec: names the kind, the key and the offending paths. */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  readonly pk: string | undefined;
  readonly sk: string | undefined;
  readonly paths: string[];
  constructor(readonly kind: string, item: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]) {
    const pk = typeof item.pk === 'string' ? item.pk : undefined;
    const sk = typeof item.sk === 'string' ? item.sk : undefined;
    const paths = issues.map((i) => (i.path.length ? i.path.join('.') : '(item)'));
    super(`corrupt ${kind} item ${pk ?? '?'} / ${sk ?? '?'}: ${issues.map((i, n) => `${paths[n]}: ${i.message}`).join('; ')}`);
    this.pk = pk;
    this.sk = sk;
    this.paths = paths;
  }
}

/** R: the record decoded; W: what a write encodes (R unless the item is written from other parts). */
export interface ItemCodec<R, S extends z.ZodType, W = R> {
  readonly kind: string;
  readonly schema: S;
  encode(record: W): z.input<S>;
  decode(item: Record<string, unknown>): R;
}

export function itemCodec<R, S extends z.ZodType, W = R>(
  kind: string, schema: S, parts: { encode(record: W): z.input<S>; fromItem(item: z.output<S>): R },
): ItemCodec<R, S, W> {
  return {
    kind,
    schema,
    encode: parts.encode,
    decode(item) {
      const parsed = schema.safeParse(item);
      if (!parsed.success) throw new CorruptItemError(kind, item, parsed.error.issues);
      return parts.fromItem(parsed.data);
    },
  };
}
