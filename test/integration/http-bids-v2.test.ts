// Market design v2 bids through the real app on DynamoDB Local (issue #10): profile blocks,
// firmness, exclusive groups, linked blocks (own block, one level, never revealing another
// bidder's bid), PATCH as a JSON merge patch, DELETE of a parent with children, and the parent
// check inside the write's transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOW, type Harness } from './support/api';
import { blockBid, curveBid } from './support/bodies';
import { StoredBidSchema, type StoredBid } from '../../schemas/api/bids';
import { ProblemSchema, type Problem } from '../../schemas/api/common';

const PROFILE = [50, 80, 100, 100, 80, 60, 40, 20];
const profileBid = { type: 'block', profile: PROFILE, duration: 8, earliestStart: 0, latestStart: 40, price: 90, minAcceptanceRatio: 0.5 };

describe('bids v2', () => {
  let h: Harness;
  let auctionId: string;
  let tenant: string;
  let rival: string;
  let miner: string;
  beforeAll(async () => {
    h = await createHarness();
    auctionId = (await h.createAuction()).id;
    tenant = await h.createBidder('tenant-3', ['ai']);
    rival = await h.createBidder('tenant-9', ['ai']);
    miner = await h.createBidder('miner-7', ['mining']);
  });
  afterAll(async () => { await h.drop(); });

  const post = (key: string, body: unknown) => h.call('POST', `/v1/auctions/${auctionId}/bids`, { key, json: body });
  const patch = (key: string, id: string, body: unknown) => h.call('PATCH', `/v1/auctions/${auctionId}/bids/${id}`, { key, json: body });
  const del = (key: string, id: string) => h.call('DELETE', `/v1/auctions/${auctionId}/bids/${id}`, { key });
  const created = async (key: string, body: unknown): Promise<StoredBid> => {
    const res = await post(key, body);
    expect(res.status, await res.clone().text()).toBe(201);
    return StoredBidSchema.parse(await res.json());
  };
  const problem = async (res: Response, status: number): Promise<Problem> => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    return ProblemSchema.parse(await res.json());
  };
  const paths = (p: Problem) => p.errors?.map((e) => e.path) ?? [];

  it('a profile block: stored with its profile in place of mw; GET returns the same bytes', async () => {
    const res = await post(tenant, profileBid);
    expect(res.status).toBe(201);
    const text = await res.text();
    const bid = StoredBidSchema.parse(JSON.parse(text));
    expect(bid).toMatchObject({ ...profileBid, bidder: 'tenant-3', class: 'ai', createdAt: NOW });
    expect('mw' in bid).toBe(false);
    expect(await (await h.call('GET', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: tenant })).text()).toBe(text);
  });

  it('exactly one of mw, workload or profile, with the field path of each extra one', async () => {
    const { mw: _mw, ...noQuantity } = blockBid;
    expect(paths(await problem(await post(tenant, noQuantity), 400))).toEqual(['mw']);
    expect(paths(await problem(await post(tenant, { ...blockBid, duration: 8, profile: PROFILE }), 400))).toEqual(['profile']);
    const workload = { kind: 'gpu', model: 'H100-SXM', count: 100 };
    expect(paths(await problem(await post(tenant, { ...profileBid, workload }), 400))).toEqual(['profile']);
    expect(paths(await problem(await post(tenant, { ...blockBid, workload, profile: PROFILE }), 400))).toEqual(['workload', 'profile']);
    // Profile entries are MW: each one positive, at the entry's path.
    expect(paths(await problem(await post(tenant, { ...profileBid, profile: [...PROFILE.slice(0, 7), -1] }), 400))).toEqual(['profile[7]']);
  });

  it('tiny quantities (1e-200) are refused at their path without offering a 0 that is refused too', async () => {
    const cases: [string, unknown, unknown][] = [
      ['mw', tenant, { ...blockBid, mw: 1e-200 }],
      ['profile[2]', tenant, { ...profileBid, profile: PROFILE.map((mw, i) => (i === 2 ? 1e-200 : mw)) }],
      ['minAcceptanceRatio', tenant, { ...blockBid, minAcceptanceRatio: 1e-200 }],
      ['steps[0].mw', miner, { ...curveBid, steps: [{ mw: 1e-200, price: 50 }] }],
      ['steps[0].index.share', miner, { ...curveBid, steps: [{ mw: 5, index: { name: 'hashprice', jPerTh: 20, share: 1e-200 } }] }],
    ];
    for (const [path, key, body] of cases) {
      const p = await problem(await post(key as string, body), 400);
      expect(paths(p), path).toEqual([path]);
      expect(p.errors![0]!.message).toBe('must be at least 1e-9 (0 is refused)');
    }
    expect((await post(tenant, { ...blockBid, mw: 1e-9, minAcceptanceRatio: 1e-9 })).status).toBe(201);
  });

  it('a profile whose length is not the duration: 422 at profile', async () => {
    const p = await problem(await post(tenant, { ...profileBid, duration: 6 }), 422);
    expect(paths(p)).toEqual(['profile']);
    expect(p.errors![0]!.message).toMatch(/8 entries.*duration 6/);
  });

  it('firmness on blocks and curves and exclusiveGroup on blocks are stored; curves take no group or parent', async () => {
    const block = await created(tenant, { ...blockBid, firmness: 'interruptible', exclusiveGroup: 'site-a' });
    expect(block).toMatchObject({ firmness: 'interruptible', exclusiveGroup: 'site-a' });
    const curve = await created(miner, { ...curveBid, firmness: 'firm' });
    expect(curve).toMatchObject({ firmness: 'firm' });
    expect(paths(await problem(await post(miner, { ...curveBid, exclusiveGroup: 'x' }), 400))).toEqual(['exclusiveGroup']);
    expect(paths(await problem(await post(miner, { ...curveBid, parentId: block.id }), 400))).toEqual(['parentId']);
    expect(paths(await problem(await post(tenant, { ...blockBid, firmness: 'sometimes' }), 400))).toEqual(['firmness']);
    expect(paths(await problem(await post(tenant, { ...blockBid, exclusiveGroup: '' }), 400))).toEqual(['exclusiveGroup']);
  });

  it('parentId names an own block of the auction, one level deep; another bidder\'s bid reads as unknown', async () => {
    const parent = await created(tenant, blockBid);
    const child = await created(tenant, { ...blockBid, price: 99, parentId: parent.id });
    expect(child.type === 'block' && child.parentId).toBe(parent.id);
    await created(tenant, { ...profileBid, parentId: parent.id }); // a parent may have several children

    const unknown = await problem(await post(tenant, { ...blockBid, parentId: 'bid_nope' }), 422);
    expect(paths(unknown)).toEqual(['parentId']);
    const theirs = await created(rival, blockBid);
    const foreign = await problem(await post(tenant, { ...blockBid, parentId: theirs.id }), 422);
    // Word for word the message of an unknown id, with only the id changed: nothing tells it exists.
    expect(foreign.errors![0]!.message).toBe(unknown.errors![0]!.message.replace('bid_nope', theirs.id));
    expect(foreign.detail).toBe(unknown.detail);

    const curve = await created(tenant, curveBid);
    expect((await problem(await post(tenant, { ...blockBid, parentId: curve.id }), 422)).errors![0]!.message).toMatch(/curve/);
    const grandchild = await problem(await post(tenant, { ...blockBid, parentId: child.id }), 422);
    expect(paths(grandchild)).toEqual(['parentId']);
    expect(grandchild.errors![0]!.message).toMatch(/one level/);
    // Nothing was stored by the refused posts.
    const links = (await h.market.store.bids.readAllBids(auctionId)).flatMap((b) => (b.type === 'block' && b.parentId !== undefined ? [b.parentId] : []));
    expect(links).toEqual([parent.id, parent.id]);
  });

  it('a child cannot share its parent\'s exclusive group (it could never clear): 422 at exclusiveGroup, by POST or by PATCH of either', async () => {
    const parent = await created(tenant, { ...blockBid, exclusiveGroup: 'site' });
    const same = await problem(await post(tenant, { ...blockBid, parentId: parent.id, exclusiveGroup: 'site' }), 422);
    expect(paths(same)).toEqual(['exclusiveGroup']);
    const child = await created(tenant, { ...blockBid, parentId: parent.id, exclusiveGroup: 'other' });
    expect(paths(await problem(await patch(tenant, child.id, { exclusiveGroup: 'site' }), 422))).toEqual(['exclusiveGroup']);
    const loner = await created(tenant, blockBid);
    const kid = await created(tenant, { ...blockBid, parentId: loner.id, exclusiveGroup: 'campus' });
    expect(paths(await problem(await patch(tenant, loner.id, { exclusiveGroup: 'campus' }), 422))).toEqual(['exclusiveGroup']);
    // nothing changed by the refusals
    const stored = await h.market.store.bids.readAllBids(auctionId);
    const group = (id: string) => { const b = stored.find((x) => x.id === id); return b?.type === 'block' ? b.exclusiveGroup : undefined; };
    expect([group(child.id), group(loner.id), group(kid.id)]).toEqual(['other', undefined, 'campus']);
  });

  it('PATCH is a merge patch: null removes parentId, exclusiveGroup and profile; mw and profile swap; the merged bid is re-validated', async () => {
    const parent = await created(tenant, blockBid);
    const child = await created(tenant, { ...blockBid, exclusiveGroup: 'g', parentId: parent.id });
    h.clock.set('2026-11-30T12:01:00Z');
    try {
      // A parent cannot become a child; a block cannot be its own parent.
      const other = await created(tenant, blockBid);
      expect((await problem(await patch(tenant, parent.id, { parentId: other.id }), 422)).errors![0]!.message).toContain(child.id);
      expect((await problem(await patch(tenant, other.id, { parentId: other.id }), 422)).errors![0]!.message).toMatch(/own parent/);
      expect(paths(await problem(await patch(tenant, other.id, { parentId: 'bid_nope' }), 422))).toEqual(['parentId']);

      const unlinked = StoredBidSchema.parse(await (await patch(tenant, child.id, { parentId: null, exclusiveGroup: null })).json());
      expect(unlinked.type === 'block' && [unlinked.parentId, unlinked.exclusiveGroup]).toEqual([undefined, undefined]);
      expect('parentId' in unlinked || 'exclusiveGroup' in unlinked).toBe(false);
      expect(unlinked.updatedAt).toBe('2026-11-30T12:01:00.000Z');

      const shaped = StoredBidSchema.parse(await (await patch(tenant, child.id, { profile: PROFILE, duration: 8, parentId: parent.id, firmness: 'interruptible' })).json());
      expect(shaped).toMatchObject({ profile: PROFILE, duration: 8, parentId: parent.id, firmness: 'interruptible' });
      expect('mw' in shaped).toBe(false);
      expect(paths(await problem(await patch(tenant, child.id, { duration: 4 }), 422))).toEqual(['profile']);
      expect(paths(await problem(await patch(tenant, child.id, { profile: null }), 422))).toEqual(['mw']);
      expect(paths(await problem(await patch(tenant, child.id, { mw: 5, profile: PROFILE }), 422))).toEqual(['profile']);
      expect((await patch(tenant, child.id, { exclusiveGroup: 7 })).status).toBe(400);

      const flat = StoredBidSchema.parse(await (await patch(tenant, child.id, { mw: 33, firmness: null })).json());
      expect(flat).toMatchObject({ mw: 33, parentId: parent.id });
      expect('profile' in flat || 'firmness' in flat).toBe(false);
      const stored = await h.market.store.bids.getBid(auctionId, child.id);
      expect(stored).toEqual(flat);
    } finally { h.clock.set(NOW); }
  });

  it('DELETE of a parent that still has children: 409, nothing deleted; after its children go, 204', async () => {
    const parent = await created(tenant, blockBid);
    const a = await created(tenant, { ...blockBid, parentId: parent.id });
    const b = await created(tenant, { ...profileBid, parentId: parent.id });
    const refused = await problem(await del(tenant, parent.id), 409);
    expect(refused.detail).toContain(a.id);
    expect(refused.detail).toContain(b.id);
    expect(await h.market.store.bids.getBid(auctionId, parent.id)).toEqual(parent);
    expect((await del(tenant, a.id)).status).toBe(204);
    expect((await patch(tenant, b.id, { parentId: null })).status).toBe(200);
    expect((await del(tenant, parent.id)).status).toBe(204);
  });

  it('the table keeps links whole under races: parents count their children in the writes\' transactions', async () => {
    const store = h.market.store.bids;
    const at = new Date(NOW);
    const parent = await created(tenant, blockBid);
    const child = await created(tenant, { ...blockBid, parentId: parent.id });
    // A DELETE whose children check (the bidder index) missed the child: the delete itself refuses.
    expect(await store.deleteBid(auctionId, parent.id, 'tenant-3', at)).toBe('has-children');
    // A parent given a parent of its own while it has a child: refused too (no two levels).
    const root = await created(tenant, blockBid);
    expect(await store.replaceBid(StoredBidSchema.parse({ ...parent, parentId: root.id }), parent.updatedAt, at)).toBe('has-children');
    expect(await store.getBid(auctionId, parent.id)).toEqual(parent);

    // A child written after its parent went (the POST's parent check ran before): refused.
    const lone = await created(tenant, blockBid);
    expect(await store.deleteBid(auctionId, lone.id, 'tenant-3', at)).toBe('ok');
    const late = StoredBidSchema.parse({ ...child, id: 'bid_race_child', parentId: lone.id });
    expect(await store.createBid(late, at)).toBe('parent-changed');
    expect(await store.getBid(auctionId, late.id)).toBeUndefined();
    // A child written under a block that meanwhile got a parent: refused.
    const p2 = await created(tenant, blockBid);
    expect(await store.replaceBid(StoredBidSchema.parse({ ...p2, parentId: root.id }), p2.updatedAt, at)).toBe('ok');
    expect(await store.createBid(StoredBidSchema.parse({ ...child, id: 'bid_race_2', parentId: p2.id }), at)).toBe('parent-changed');
    // Through the API the same attempt is a 422 on parentId (the parent is gone).
    expect(paths(await problem(await post(tenant, { ...blockBid, parentId: lone.id }), 422))).toEqual(['parentId']);
  });

  it('a child moved to another parent is counted there: the old parent can go, the new one cannot', async () => {
    const p1 = await created(tenant, blockBid);
    const p2 = await created(tenant, blockBid);
    const child = await created(tenant, { ...blockBid, parentId: p1.id });
    h.clock.set('2026-11-30T12:02:00Z');
    try {
      expect((await patch(tenant, child.id, { parentId: p2.id })).status).toBe(200);
      expect((await del(tenant, p1.id)).status).toBe(204);
      expect((await problem(await del(tenant, p2.id), 409)).detail).toContain(child.id);
      // Unchanged parent on a PATCH of other fields: counted once, still one child.
      h.clock.set('2026-11-30T12:03:00Z');
      expect((await patch(tenant, child.id, { price: 77 })).status).toBe(200);
      expect((await del(tenant, child.id)).status).toBe(204);
      expect((await del(tenant, p2.id)).status).toBe(204);
    } finally { h.clock.set(NOW); }
  });

  it('a child POST racing its parent\'s DELETE never leaves a dangling link (20 rounds through the app)', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 20; round++) {
      const parent = await created(tenant, blockBid);
      // The POST starts 0–12 ms after the DELETE, so the two interleave differently from round to round.
      const later = new Promise((r) => setTimeout(r, (round % 4) * 4)).then(() => post(tenant, { ...blockBid, parentId: parent.id }));
      const [gone, child] = await Promise.all([del(tenant, parent.id), later]);
      const key = `${child.status}/${gone.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      // Child first (the parent then has a child: 409), parent first (the child's check: 422), or
      // the child's check passed and its transaction found the parent gone (409). Never 201/204.
      expect(['201/409', '422/204', '409/204']).toContain(key);
      const stored = await h.market.store.bids.getBid(auctionId, parent.id);
      const links = (await h.market.store.bids.readAllBids(auctionId)).filter((b) => b.type === 'block' && b.parentId === parent.id);
      // The parent is there, or nothing names it.
      if (!stored) expect(links).toEqual([]);
    }
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(20);
    console.log(`child POST / parent DELETE outcomes over 20 rounds: ${[...outcomes].map(([k, n]) => `${k}×${n}`).join(' ')}`);
  });
});
