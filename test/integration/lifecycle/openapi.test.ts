// The lifecycle routes are in the OpenAPI document with their schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleHarness, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });

describe('GET /openapi.json', () => {
  it('documents clear, result, book, curtailments, events, webhook and settlement', async () => {
    const res = await h.call('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    const doc = await res.json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths['/v1/auctions/{id}/clear']!)).toEqual(['post']);
    expect(Object.keys(doc.paths['/v1/auctions/{id}/result']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/auctions/{id}/book']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/auctions/{id}/curtailments']!)).toEqual(['post', 'get']);
    expect(Object.keys(doc.paths['/v1/events']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/v1/webhook']!)).toEqual(['put', 'get', 'delete']);
    expect(Object.keys(doc.paths['/v1/auctions/{id}/settlement']!.get!.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
    for (const id of ['ClearRequest', 'ClearResponse', 'CurtailmentRequest', 'CurtailmentResponse', 'CurtailmentNotice', 'OpenAdrEvent', 'EventsPage', 'WebhookRegistrationRequest', 'WebhookRegistrationResponse', 'Settlement', 'SettlementPage', 'CurtailmentStatus']) {
      expect(doc.components.schemas, id).toHaveProperty(id);
    }
    expect(Object.keys((doc.components.schemas.Auction as { properties: object }).properties)).toEqual(expect.arrayContaining(['status', 'timestamps', 'failure']));
  });
});
