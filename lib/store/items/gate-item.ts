// Gate copy: the auction's gate (status, closure) once per bid shard, so bid transactions check
// it in their own partition (docs/table-design.md § Gate closure).
import { z } from 'zod';
import { AuctionStatusSchema, type AuctionStatus } from '../../../schemas/lifecycle';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export interface GateRecord { auctionId: string; shard: number; status: AuctionStatus; gateClosureMs: number }

const GATE_PK = /^AUCTION#(.+)#BIDS#(\d{2})$/;

export const GateItemSchema = z.object({
  pk: z.string().regex(GATE_PK),
  sk: z.string(),
  type: z.literal('gate'),
  status: AuctionStatusSchema,
  gateClosureMs: z.number().int(),
});

export const gateCodec = itemCodec<GateRecord, typeof GateItemSchema>('gate', GateItemSchema, {
  encode: (gate) => ({ ...itemKeys.gate(gate.auctionId, gate.shard), type: 'gate', status: gate.status, gateClosureMs: gate.gateClosureMs }),
  fromItem: (item) => {
    const [, auctionId = '', shard = '0'] = GATE_PK.exec(item.pk) ?? [];
    return { auctionId, shard: Number(shard), status: item.status, gateClosureMs: item.gateClosureMs };
  },
});

/** Is the gate shut at `now` (by a gate copy, or by the auction's own status and closure)? */
export const gateShut = (gate: { status: string; gateClosureMs: number }, now: Date) => gate.status !== 'open' || gate.gateClosureMs <= now.getTime();
