// The dashboard sub-app through app.request, over the stand-in API of the browser tests:
// sessions, CSRF and Origin checks, security headers, assets.
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createDashboard } from '../../lib/dashboard/app';
import { createStubApi } from '../e2e/support/stub-api';

const ORIGIN = 'http://dash.test';
const OPERATOR = 'op-key-0123456789abcdef';

function setup(now = () => Date.parse('2026-11-30T12:00:00Z')) {
  const api = createStubApi();
  const app = new Hono();
  app.route('/dashboard', createDashboard({ api: async (path, init) => api.request(path, init), sessionSecret: 's'.repeat(32), now }));
  const request = (path: string, init: RequestInit = {}) => Promise.resolve(app.request(`${ORIGIN}${path}`, init));
  return { request };
}

function cookieValue(response: Response, name: string): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return header?.slice(name.length + 1).split(';')[0];
}

async function signInForm(request: ReturnType<typeof setup>['request']) {
  const page = await request('/dashboard/sign-in');
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  return { csrf: csrf ?? '', cookie: `sb_signin=${cookieValue(page, 'sb_signin')}` };
}

function post(fields: Record<string, string>, headers: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } };
}

describe('dashboard sub-app', () => {
  it('exchanges a valid key for a sealed session cookie with the right attributes', async () => {
    const { request } = setup();
    const form = await signInForm(request);
    const response = await request('/dashboard/sign-in', post({ csrf: form.csrf, key: OPERATOR }, { origin: ORIGIN, cookie: form.cookie }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/auctions');
    const header = response.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/dashboard/);
    expect(header).not.toContain(OPERATOR);
    const list = await request('/dashboard/auctions', { headers: { cookie: `sb_session=${cookieValue(response, 'sb_session')}` } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('PK-NORTH-FIXTURE');
  });

  it('marks the cookie Secure over https', async () => {
    const api = createStubApi();
    const app = new Hono();
    app.route('/dashboard', createDashboard({ api: async (path, init) => api.request(path, init), sessionSecret: 's'.repeat(32) }));
    const page = await app.request('https://dash.test/dashboard/sign-in');
    expect(page.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))).toMatch(/Secure/);
  });

  it('refuses a sign-in without the form token, from another origin, or with a wrong key', async () => {
    const { request } = setup();
    const form = await signInForm(request);
    const noToken = await request('/dashboard/sign-in', post({ csrf: 'guess', key: OPERATOR }, { origin: ORIGIN, cookie: form.cookie }));
    expect(noToken.status).toBe(403);
    const crossSite = await request('/dashboard/sign-in', post({ csrf: form.csrf, key: OPERATOR }, { origin: 'https://evil.example', cookie: form.cookie }));
    expect(crossSite.status).toBe(403);
    const wrongKey = await request('/dashboard/sign-in', post({ csrf: form.csrf, key: 'nope-0123456789' }, { origin: ORIGIN, cookie: form.cookie }));
    expect(wrongKey.status).toBe(401);
    for (const response of [noToken, crossSite, wrongKey]) expect(cookieValue(response, 'sb_session')).toBeUndefined();
  });

  it('refuses multipart and other bodies on sign-in and sign-out with a 4xx page, and checks Origin before reading a body', async () => {
    const { request } = setup();
    const form = await signInForm(request);
    const multipart = new FormData();
    multipart.set('csrf', form.csrf);
    multipart.set('key', OPERATOR);
    const signIn = await request('/dashboard/sign-in', { method: 'POST', body: multipart, headers: { origin: ORIGIN, cookie: form.cookie } });
    expect(signIn.status).toBe(415);
    const broken = await request('/dashboard/sign-in', { method: 'POST', body: '--x\r\nbroken', headers: { origin: ORIGIN, cookie: form.cookie, 'content-type': 'multipart/form-data; boundary=x' } });
    expect(broken.status).toBe(415);
    const signOut = await request('/dashboard/sign-out', { method: 'POST', body: multipart, headers: { origin: ORIGIN } });
    expect(signOut.status).toBe(415);
    const crossSite = await request('/dashboard/sign-out', { method: 'POST', body: '--x\r\nbroken', headers: { origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' } });
    expect(crossSite.status).toBe(403);
    for (const response of [signIn, broken]) expect(cookieValue(response, 'sb_session')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('answers 404 for the asset name %s', async (name) => {
    const { request } = setup();
    expect((await request(`/dashboard/assets/${name}`)).status).toBe(404);
  });

  it('ends an expired session and refuses a forged cookie', async () => {
    let now = Date.parse('2026-11-30T12:00:00Z');
    const { request } = setup(() => now);
    const form = await signInForm(request);
    const signedIn = await request('/dashboard/sign-in', post({ csrf: form.csrf, key: OPERATOR }, { origin: ORIGIN, cookie: form.cookie }));
    const cookie = `sb_session=${cookieValue(signedIn, 'sb_session')}`;
    expect((await request('/dashboard/auctions', { headers: { cookie } })).status).toBe(200);
    now += 9 * 3600_000;
    const expired = await request('/dashboard/auctions', { headers: { cookie } });
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/dashboard/sign-in');
    expect((await request('/dashboard/auctions', { headers: { cookie: 'sb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).status).toBe(303);
  });

  it('sends a strict CSP and serves uPlot and its own scripts', async () => {
    const { request } = setup();
    const page = await request('/dashboard/sign-in');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)/);
    for (const name of ['uPlot.iife.min.js', 'uPlot.min.css', 'chart.js', 'table.js', 'dashboard.css']) {
      const asset = await request(`/dashboard/assets/${name}`);
      expect(asset.status, name).toBe(200);
      expect(asset.headers.get('etag')).toBeTruthy();
    }
    expect((await request('/dashboard/assets/..%2Fsession.ts')).status).toBe(404);
  });
});
