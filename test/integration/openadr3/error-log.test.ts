// Red-team finding 3b: an error the VTN did not expect (here a DynamoDB write that fails) is
// answered with the spec's 500 problem, leaks nothing of the error, and is logged through the
// app's error reporter (AppDeps.logError, as the main app's onError does).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OadrProblemSchema } from '../../../lib/openadr/objects';
import { withFaults, type FaultPlan } from '../lifecycle/fault-injection';
import { createLifecycleHarness, NOW, type LifecycleHarness, type Market } from '../lifecycle/harness';
import { oadrCall, venToken } from './support';

const plan: FaultPlan = { budget: undefined, mode: 'before', writes: 0 };
let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness({ wrapDoc: (doc) => withFaults(doc, plan) });
  h.clock.set(NOW);
  m = await h.setupAuction();
});
afterAll(async () => { await h.drop(); });

describe('unexpected errors under /openadr3', () => {
  it('are logged with the route and answered with a 500 problem that says nothing of the cause', async () => {
    const token = await venToken(h.app, m.keys['miner-1']);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      plan.writes = 0;
      plan.budget = 0;
      const res = await oadrCall(h.app)('POST', '/openadr3/subscriptions', token, {
        clientName: 'miner-1', programID: 'mining-PK-NORTH', objectOperations: [{ objects: ['EVENT'], operations: ['CREATE'], callbackUrl: 'https://example.com/cb' }],
      });
      plan.budget = undefined;
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(OadrProblemSchema.parse(JSON.parse(text))).toMatchObject({ status: 500, detail: 'internal error', instance: '/openadr3/subscriptions' });
      expect(text).not.toMatch(/PutCommand|refused|crash/);
      expect(logged).toHaveBeenCalledWith('unhandled error in POST /openadr3/subscriptions', expect.objectContaining({ name: 'InjectedFault' }));
    } finally {
      plan.budget = undefined;
      logged.mockRestore();
    }
  });
});
