// Bids: submit, read, patch, cancel, list (SPEC §4). The class comes from the key; ranges are
// checked against the auction; workloads are converted to MW and kept; every write is guarded
// by the gate in the same DynamoDB transaction (see the BidStore port).
import type { Principal } from '../../schemas/api/keys';
import type { BidClass } from '../../schemas/book';
import { BidInputSchema, StoredBidSchema, type BidInput, type BidPatch } from '../../schemas/api/bids';
import type { Workload } from '../../schemas/workload';
import { CATALOGUE_VERSION } from '../../schemas/hardware-catalogue';
import type { AuctionRecord, BidRecord, BidWrite, IdempotencyCompletion, MarketDeps, Page, PageRequest } from './ports';
import { conflict, forbidden, invalid, notFound, type FieldError } from './errors';
import { gateOpen, requireAuction } from './auctions';
import { workloadToMw } from './workload';
import { zodFieldErrors } from './field-errors';
import { checkGroupOfParent, checkParent, childrenOf } from './bid-links';

const AUCTION_MAX_AGE_MS = 5_000;
const GATE_CLOSED = 'the gate has closed: bids can no longer be taken or changed';

function resolveClass(principal: Principal, requested: BidClass | undefined): BidClass {
  if (principal.role !== 'bidder') throw forbidden('only bidder keys submit bids');
  if (requested !== undefined) {
    if (!principal.classes.includes(requested)) throw forbidden(`this key may not bid for class ${requested}`);
    return requested;
  }
  if (principal.classes.length === 1) return principal.classes[0]!;
  throw invalid('class required', [{ path: 'class', message: `required: this key bids for ${principal.classes.join(' and ')}` }]);
}

/** Checks the bid fits the auction's intervals; converts workloads. Returns the book-shaped fields. */
function normalize(input: BidInput, auction: AuctionRecord): { fields: Record<string, unknown>; usedCatalogue: boolean } {
  const errors: FieldError[] = [];
  let usedCatalogue = false;
  const n = auction.intervalCount;
  const convert = (workload: Workload, path: string): number => {
    usedCatalogue = true;
    const converted = workloadToMw(workload);
    if (!converted.ok) { errors.push({ path, message: converted.message }); return 0; }
    return converted.mw;
  };
  let fields: Record<string, unknown>;
  if (input.type === 'curve') {
    if (input.to > n) errors.push({ path: 'to', message: `must be ≤ intervalCount (${n})` });
    const steps = input.steps.map((step, i) => {
      const mw = step.workload ? convert(step.workload, `steps[${i}].workload.model`) : step.mw!;
      const priced = step.index ? { index: step.index } : { price: step.price };
      return { mw, ...priced, ...(step.workload ? { workload: step.workload } : {}) };
    });
    fields = { type: 'curve' as const, ...(input.firmness ? { firmness: input.firmness } : {}), from: input.from, to: input.to, steps };
  } else {
    if (input.duration > n) errors.push({ path: 'duration', message: `must be ≤ intervalCount (${n})` });
    else if (input.latestStart > n - input.duration) errors.push({ path: 'latestStart', message: `must be ≤ intervalCount − duration (${n - input.duration})` });
    if (input.profile && input.profile.length !== input.duration) {
      errors.push({ path: 'profile', message: `has ${input.profile.length} entries: give one MW per interval of the block (duration ${input.duration})` });
    }
    // Exactly one quantity (the input schema made sure): a profile, or mw (given or converted).
    const quantity = input.profile ? { profile: input.profile } : { mw: input.workload ? convert(input.workload, 'workload.model') : input.mw! };
    fields = {
      type: 'block' as const, ...quantity, duration: input.duration, earliestStart: input.earliestStart, latestStart: input.latestStart,
      price: input.price, minAcceptanceRatio: input.minAcceptanceRatio, ...(input.workload ? { workload: input.workload } : {}),
      ...(input.firmness ? { firmness: input.firmness } : {}),
      ...(input.exclusiveGroup !== undefined ? { exclusiveGroup: input.exclusiveGroup } : {}),
      ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
    };
  }
  if (errors.length > 0) throw invalid('the bid does not fit the auction', errors);
  return { fields, usedCatalogue };
}

function build(base: { id: string; bidder: string; class: BidClass; auctionId: string; createdAt: string; updatedAt: string }, input: BidInput, auction: AuctionRecord): BidRecord {
  const { fields, usedCatalogue } = normalize(input, auction);
  const meta = { auctionId: base.auctionId, ...(usedCatalogue ? { catalogueVersion: CATALOGUE_VERSION } : {}), createdAt: base.createdAt, updatedAt: base.updatedAt };
  // Parsing gives the canonical key order (the schema's), the same bytes a later GET returns.
  return StoredBidSchema.parse({ id: base.id, bidder: base.bidder, class: base.class, ...fields, ...meta });
}

function raise(outcome: Exclude<BidWrite, 'ok'>, what: string): never {
  if (outcome === 'not-found') throw notFound(what);
  if (outcome === 'gate-closed') throw conflict(GATE_CLOSED);
  if (outcome === 'parent-changed') throw conflict('the parent bid was cancelled or changed concurrently; retry');
  if (outcome === 'has-children') throw conflict(`${what} is the parent of linked blocks: cancel them, or remove their parentId, first`);
  throw conflict(`${what} changed concurrently; retry`);
}

export async function submitBid(
  deps: MarketDeps, principal: Principal, auctionId: string, input: BidInput,
  complete?: (bid: BidRecord) => IdempotencyCompletion,
): Promise<BidRecord> {
  const bidClass = resolveClass(principal, input.class);
  // A slightly old copy is enough: its fields are fixed at creation but for status, and the
  // write below re-checks status and gate closure in its own transaction.
  const auction = await requireAuction(deps, auctionId, { maxAgeMs: AUCTION_MAX_AGE_MS });
  const now = deps.clock.now();
  if (!gateOpen(auction, now)) throw conflict(GATE_CLOSED);
  const stamp = now.toISOString();
  const bid = build({ id: deps.ids.next('bid'), bidder: principal.bidderId, class: bidClass, auctionId, createdAt: stamp, updatedAt: stamp }, input, auction);
  await checkParent(deps, bid, { isNew: true });
  const outcome = await deps.store.bids.createBid(bid, now, complete?.(bid));
  if (outcome !== 'ok') raise(outcome, `auction ${auctionId}`);
  return bid;
}

/** A bidder reaches only its own bids (another's is "not found"); the operator reaches all. */
async function requireOwnBid(deps: MarketDeps, principal: Principal, auctionId: string, bidId: string): Promise<BidRecord> {
  const bid = await deps.store.bids.getBid(auctionId, bidId);
  if (!bid || (principal.role !== 'operator' && bid.bidder !== principal.bidderId)) throw notFound(`bid ${bidId}`);
  return bid;
}

export async function getBid(deps: MarketDeps, principal: Principal, auctionId: string, bidId: string): Promise<BidRecord> {
  await requireAuction(deps, auctionId);
  return requireOwnBid(deps, principal, auctionId, bidId);
}

/** The stored bid as it was submitted: workload in place of the MW it was converted to. */
function asInput(bid: BidRecord): Record<string, unknown> {
  if (bid.type === 'curve') {
    return {
      type: 'curve', class: bid.class, ...(bid.firmness ? { firmness: bid.firmness } : {}), from: bid.from, to: bid.to,
      steps: bid.steps.map((s) => ({ ...(s.workload ? { workload: s.workload } : { mw: s.mw }), ...(s.index ? { index: s.index } : { price: s.price }) })),
    };
  }
  const { id: _i, bidder: _b, auctionId: _a, createdAt: _c, updatedAt: _u, catalogueVersion: _v, mw, ...rest } = bid;
  return { ...rest, ...(rest.workload || rest.profile ? {} : { mw }) };
}

const QUANTITIES = ['mw', 'workload', 'profile'] as const;

/** RFC 7396 merge of a patch into the bid as submitted: `null` removes a field; a new quantity
 * (mw, workload or profile) replaces the bid's current one unless the patch gives several. */
function mergePatch(current: BidRecord, patch: BidPatch): Record<string, unknown> {
  const merged: Record<string, unknown> = asInput(current);
  if (current.type === 'block' && QUANTITIES.some((k) => patch[k] !== undefined && patch[k] !== null)) {
    for (const k of QUANTITIES) delete merged[k];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

export async function patchBid(deps: MarketDeps, principal: Principal, auctionId: string, bidId: string, patch: BidPatch): Promise<BidRecord> {
  if (principal.role !== 'bidder') throw forbidden('only the bidder changes its bids');
  const auction = await requireAuction(deps, auctionId);
  const current = await requireOwnBid(deps, principal, auctionId, bidId);
  const now = deps.clock.now();
  if (!gateOpen(auction, now)) throw conflict(GATE_CLOSED);
  const parsed = BidInputSchema.safeParse(mergePatch(current, patch));
  if (!parsed.success) throw invalid(`the patch does not fit a ${current.type} bid`, zodFieldErrors(parsed.error.issues));
  const bid = build({ id: current.id, bidder: current.bidder, class: current.class, auctionId, createdAt: current.createdAt, updatedAt: now.toISOString() }, parsed.data, auction);
  await checkParent(deps, bid, { isNew: false });
  await checkGroupOfParent(deps, bid);
  const outcome = await deps.store.bids.replaceBid(bid, current.updatedAt, now);
  if (outcome !== 'ok') raise(outcome, `bid ${bidId}`);
  return bid;
}

export async function cancelBid(deps: MarketDeps, principal: Principal, auctionId: string, bidId: string): Promise<void> {
  if (principal.role !== 'bidder') throw forbidden('only the bidder cancels its bids');
  const auction = await requireAuction(deps, auctionId);
  const current = await requireOwnBid(deps, principal, auctionId, bidId);
  const now = deps.clock.now();
  if (!gateOpen(auction, now)) throw conflict(GATE_CLOSED);
  // A parent goes only after its children: its links would otherwise dangle (docs/api.md).
  const children = await childrenOf(deps, current);
  if (children.length > 0) throw conflict(`bid ${bidId} is the parent of ${children.join(', ')}: cancel them, or remove their parentId, first`);
  const outcome = await deps.store.bids.deleteBid(auctionId, bidId, current.bidder, now);
  if (outcome !== 'ok') raise(outcome, `bid ${bidId}`);
}

export async function listBids(deps: MarketDeps, principal: Principal, auctionId: string, page: PageRequest): Promise<Page<BidRecord>> {
  await requireAuction(deps, auctionId);
  return deps.store.bids.listBids(auctionId, principal.role === 'operator' ? undefined : principal.bidderId, page);
}
