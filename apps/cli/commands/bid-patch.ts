// broker bid patch AUCTION BID [--file PATCH.json] [--price N] …: changes one's own bid before gate
// closure (PATCH …/bids/{bidId}, a JSON merge patch). The file gives any of the bid's own fields
// (`profile`, `exclusiveGroup`, `steps`, …); the flags set the common ones and win over the file.
// The API validates the merged bid and names every offending field (exit 2), so the CLI does not.
import { z } from 'zod';
import { parseBody } from '../../../lib/api-client';
import { StoredBidSchema } from '../../../schemas/api/bids';
import { FirmnessSchema } from '../../../schemas/book';
import { COMMON_OPTIONS, CommonOptionsSchema, defineCommand, optionsParser, TwoArguments } from '../command';
import { UsageError } from '../errors';
import { parseJsonInput, readInput } from '../input-files';
import { formatTable } from '../output/table';
import { BID_ALIGN, BID_HEADERS, bidRow } from './bids-list';

/** A number flag: the text as given, so "12abc" is refused rather than read as 12. */
const numberFlag = (flag: string) => z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, `--${flag} must be a number`).transform(Number).optional();

const OPTIONS = {
  ...COMMON_OPTIONS,
  file: { type: 'string' },
  price: { type: 'string' },
  mw: { type: 'string' },
  firmness: { type: 'string' },
  'exclusive-group': { type: 'string' },
  'parent-id': { type: 'string' },
} as const;

const parse = optionsParser(OPTIONS, 2, CommonOptionsSchema.extend({
  file: z.string().optional(),
  price: numberFlag('price'),
  mw: numberFlag('mw'),
  firmness: z.enum(FirmnessSchema.options, { error: '--firmness must be firm or interruptible' }).optional(),
  'exclusive-group': z.string().optional(),
  'parent-id': z.string().optional(),
  positionals: TwoArguments,
}));

export const bidPatch = defineCommand({
  name: 'bid patch',
  summary: 'Change one of your bids before gate closure: a JSON merge patch from a file and/or flags (bidder)',
  usage: 'broker bid patch AUCTION BID [--file PATCH.json] [--price N] [--mw N] [--firmness firm|interruptible] [--exclusive-group G] [--parent-id BID] [--json]',
  parse,
  async run({ args, io, client }) {
    const [auctionId, bidId] = args.positionals;
    const fromFile = args.file === undefined ? {} : parseJsonInput(args.file, await readInput(io, args.file));
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) throw new UsageError(`${args.file} must hold one JSON object (the fields to change)`);
    const flags = {
      ...(args.price !== undefined ? { price: args.price } : {}),
      ...(args.mw !== undefined ? { mw: args.mw } : {}),
      ...(args.firmness !== undefined ? { firmness: args.firmness } : {}),
      ...(args['exclusive-group'] !== undefined ? { exclusiveGroup: args['exclusive-group'] } : {}),
      ...(args['parent-id'] !== undefined ? { parentId: args['parent-id'] } : {}),
    };
    const patch = { ...fromFile, ...flags };
    if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give --file PATCH.json or a field flag');
    const response = await client().request('PATCH', `/v1/auctions/${encodeURIComponent(auctionId)}/bids/${encodeURIComponent(bidId)}`, { json: patch });
    const stored = parseBody(response, StoredBidSchema);
    io.stdout(args.json ? `${JSON.stringify(stored, null, 2)}\n` : formatTable(BID_HEADERS, [bidRow(stored)], BID_ALIGN));
    return 0;
  },
});
