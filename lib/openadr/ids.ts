// OpenADR object ids of broker concepts (docs/openadr.md § Mapping). All match the spec's
// objectID pattern ^[a-zA-Z0-9_-]*$; broker-assigned auction and bid ids (`auc_…`, `bid_…`)
// contain no hyphen, so the composite ids below parse back unambiguously.
import type { BidClass } from '../../schemas/book';

const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
const plain = (id: string) => /^[A-Za-z0-9_]{1,60}$/.test(id);

/** One program per zone and bid class: `mining-PK-NORTH`. */
export const programIdOf = (zone: string, cls: BidClass) => `${cls}-${slug(zone)}`;
export const programNameOf = (zone: string, cls: BidClass) => `${zone} ${cls}`;
export function parseProgramId(id: string): { cls: BidClass; zoneSlug: string } | undefined {
  const m = /^(ai|mining)-(.+)$/.exec(id);
  return m ? { cls: m[1] === 'ai' ? 'ai' : 'mining', zoneSlug: m[2]! } : undefined;
}
export const zoneMatches = (zone: string, zoneSlug: string) => slug(zone) === zoneSlug;

/** The bidder's one VEN. */
export const venIdOf = (bidderId: string) => `ven-${slug(bidderId)}`;

/** A bid is a resource of its bidder's VEN; its resourceName is the bid id. */
export const resourceIdOf = (auctionId: string, bidId: string) => `res-${auctionId}-${bidId}`;

/** The cleared allocation of one bid. */
export const allocationEventIdOf = (auctionId: string, bidId: string) => `alloc-${auctionId}-${bidId}`;
/** What curtailment `version` left one bid. */
export const curtailmentEventIdOf = (auctionId: string, version: number, bidId: string) => `curt-${auctionId}-${version}-${bidId}`;

export type EventRef =
  | { kind: 'allocation'; auctionId: string; bidId: string }
  | { kind: 'curtailment'; auctionId: string; version: number; bidId: string };

export function parseEventId(id: string): EventRef | undefined {
  const parts = id.split('-');
  if (parts[0] === 'alloc' && parts.length === 3 && plain(parts[1]!) && plain(parts[2]!)) return { kind: 'allocation', auctionId: parts[1]!, bidId: parts[2]! };
  if (parts[0] === 'curt' && parts.length === 4 && plain(parts[1]!) && /^[1-9][0-9]{0,5}$/.test(parts[2]!) && plain(parts[3]!)) {
    return { kind: 'curtailment', auctionId: parts[1]!, version: Number(parts[2]), bidId: parts[3]! };
  }
  return undefined;
}

/** Payload values: MW → kW (the spec's units are kW based), to the watt. */
export const kwOf = (mw: number) => Math.round(mw * 1e6) / 1e3;
