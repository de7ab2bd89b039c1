// Shared by the lifecycle routes: the caller as a lifecycle Viewer, and the published files of
// an auction (404 when the auction does not exist, 409 while it has no published result).
import type { Principal } from '../../../schemas/api/keys';
import type { AppDeps } from '../env';
import type { Viewer } from '../../lifecycle/ports';
import { ProblemError } from '../problem';

export type LifecycleDeps = NonNullable<AppDeps['lifecycle']>;

export function viewerOf(principal: Principal): Viewer {
  return principal.role === 'operator' ? { role: 'operator' } : { role: 'bidder', bidderId: principal.bidderId };
}

export async function requirePublishedFiles(deps: LifecycleDeps, auctionId: string) {
  const found = await deps.store.readPublishedFiles(auctionId);
  if (!found) throw new ProblemError(404, `auction ${auctionId} not found`);
  if (!found.files) throw new ProblemError(409, `auction ${auctionId} has no published result yet (status ${found.auction.status})`, undefined, 'not-cleared');
  return { auction: found.auction, files: found.files };
}

export async function requirePublished(deps: LifecycleDeps, auctionId: string) {
  await requirePublishedFiles(deps, auctionId);
  const published = await deps.store.readPublished(auctionId);
  if (!published) throw new ProblemError(409, `auction ${auctionId} has no published result yet`, undefined, 'not-cleared');
  return published;
}

/** Stored JSON bytes are sent as they are (c.json would re-serialize them). */
export const JSON_TYPE = { 'content-type': 'application/json' };
