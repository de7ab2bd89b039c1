// What a curtailment reads of a published book and result, parsed by lean schemas: the fields
// dispatch and curtail() use, types checked, nothing else. The full schemas' refinements (quantum
// of every MW and price, strict objects, the union of result kinds) cost ~1 s on a national book and
// result; these bytes passed them before they were published and are checked against their sha256
// on every read, so the answer of POST …/curtailments does not pay them again (issue 9).
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AuctionHeaderSchema, BlockBidSchema, CurveBidSchema } from '../../../schemas/book';
import { BlockBidResultSchema, CurveBidResultSchema } from '../../../schemas/result';
import { DispatchDeltaSchema, DispatchSchema } from '../../../schemas/lifecycle';
import type { DispatchBook, DispatchResult } from '../../lifecycle/dispatch';

const mw = z.number().min(0);
function isStep(x: unknown): x is { mw: number; price: number } {
  return typeof x === 'object' && x !== null && 'mw' in x && 'price' in x && typeof x.mw === 'number' && x.mw >= 0 && typeof x.price === 'number';
}
/** A long list of MW (a national result has ~800,000): one loop, not a schema per number. */
const mwList = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && x >= 0), 'a list of MW ≥ 0');

// Fields taken from the full schemas by shape (their cheap checks), in plain objects: other fields
// are left out, not refused (the full schemas are strict).
const LeanCurveSchema = z.object({
  ...CurveBidSchema.pick({ id: true, bidder: true, type: true, firmness: true, from: true, to: true }).shape,
  steps: z.custom<{ mw: number; price: number }[]>((v) => Array.isArray(v) && v.length > 0 && v.every((x: unknown) => isStep(x)), 'a list of steps { mw ≥ 0, price }'),
});
const LeanBlockSchema = z.object({
  ...BlockBidSchema.pick({ id: true, bidder: true, type: true, firmness: true, duration: true }).shape,
  mw: mw.optional(), profile: z.array(mw).optional(), price: z.number(),
});

export const CurtailmentBookSchema = z.object({
  auction: z.object(AuctionHeaderSchema.pick({ id: true, deliveryStart: true, intervalMinutes: true }).shape),
  intervals: z.array(z.unknown()).min(1),
  bids: z.array(z.discriminatedUnion('type', [LeanCurveSchema, LeanBlockSchema])),
});

export const CurtailmentResultSchema = z.object({
  bids: z.array(z.union([
    z.object({ ...CurveBidResultSchema.pick({ id: true, accepted: true }).shape, mw: mwList }),
    z.object({ ...BlockBidResultSchema.pick({ id: true, accepted: true, start: true, ratio: true }).shape }),
  ])),
});

/**
 * Only the dispatch of a stored curtailment record (its notices are not needed to curtail again):
 * whole (records stored before issue 9) or the delta against the version before it.
 */
export const RecordDispatchSchema = z.object({
  dispatch: z.object({ ...DispatchSchema.pick({ auctionId: true, version: true }).shape, bids: z.array(z.object({ bidId: z.string(), mw: mwList })) }).optional(),
  dispatchDelta: DispatchDeltaSchema.optional(),
}).refine((r) => (r.dispatch === undefined) !== (r.dispatchDelta === undefined), 'a stored record has its dispatch or its dispatchDelta');

/** The lean book and result stored once beside the result index (written by the clear function). */
const CurtailmentBaseSchema = z.object({ book: CurtailmentBookSchema, result: CurtailmentResultSchema });
export interface CurtailmentBase { book: DispatchBook; result: DispatchResult }

export function encodeCurtailmentBase(bookJson: string, resultJson: string): Buffer {
  const base: CurtailmentBase = { book: parseCurtailmentBook(bookJson), result: parseCurtailmentResult(resultJson) };
  return gzipSync(JSON.stringify(base), { level: 6 });
}

const gunzipAsync = promisify(gunzip);

export async function decodeCurtailmentBase(data: Uint8Array): Promise<CurtailmentBase> {
  return CurtailmentBaseSchema.parse(JSON.parse((await gunzipAsync(data)).toString('utf8')));
}

export function parseCurtailmentBook(json: string): DispatchBook {
  return CurtailmentBookSchema.parse(JSON.parse(json));
}

export function parseCurtailmentResult(json: string): DispatchResult {
  return CurtailmentResultSchema.parse(JSON.parse(json));
}
