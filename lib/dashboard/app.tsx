// The operator dashboard as a Hono sub-app (mounted at /dashboard by lib/http/app.ts):
// server-rendered pages over the broker's own API, sessions in a sealed HttpOnly cookie,
// CSRF-safe forms, a strict CSP (no inline script; page data travels in a JSON block).
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { Session } from '../../schemas/dashboard';
import { loadStaticAsset, STATIC_CACHE_CONTROL } from './static-assets';
import { ApiError, listAuctions, loadAuctionView, whoAmI, type ApiFetch } from './load';
import { deriveSessionKey, inProcessSessions, newCsrfToken, newSessionId, openSession, sameToken, sealSession, SESSION_TTL_SECONDS, type DashboardEnv, type DashboardSessions } from './session';
import { mountKeyPages } from './keys-routes';
import { mountDownloads } from './download-routes';
import { Layout } from './layout';
import { SignInPage } from './pages/sign-in';
import { AuctionsPage } from './pages/auctions';
import { AuctionPage } from './pages/auction';

export interface DashboardDeps {
  /** In-process call into the broker's HTTP API (e.g. `(path, init) => app.request(path, init)`). */
  api: ApiFetch;
  /** Secret the session cookie is sealed under (≥ 32 random bytes; the same on every instance). */
  sessionSecret: string | Uint8Array;
  /** Where the sub-app is mounted; links and cookie paths use it. */
  basePath?: string;
  now?: () => number;
  /** Where sign-outs are recorded, shared by every instance (the app passes the table's);
   * defaults to this process's memory. */
  sessions?: DashboardSessions;
}

const SESSION_COOKIE = 'sb_session';
const SIGN_IN_CSRF_COOKIE = 'sb_signin';
const MAX_KEY_LENGTH = 512;

type Env = DashboardEnv;

export function createDashboard(deps: DashboardDeps): Hono<Env> {
  const base = deps.basePath ?? '/dashboard';
  const sealKey = deriveSessionKey(deps.sessionSecret);
  const now = deps.now ?? Date.now;
  const sessions = deps.sessions ?? inProcessSessions();
  const app = new Hono<Env>();

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    // Same-origin referrers keep the Origin header on form posts (checked below).
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  }));

  const cookieOptions = (c: Context) => ({
    path: base,
    httpOnly: true,
    sameSite: 'Strict' as const,
    secure: new URL(c.req.url).protocol === 'https:',
  });

  /** Form posts must come from this origin (CSRF defence in depth beside SameSite and tokens). */
  const sameOrigin = (c: Context): boolean => {
    const origin = c.req.header('origin');
    if (origin) return origin === new URL(c.req.url).origin;
    return c.req.header('sec-fetch-site') === 'same-origin';
  };

  /** The dashboard's forms post urlencoded fields; any other body (multipart included) is refused
   * before it is parsed. */
  const readForm = async (c: Context): Promise<URLSearchParams | undefined> => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return undefined;
    return new URLSearchParams(await c.req.text());
  };

  /** The cookie's session, unless forged, expired or signed out (on any instance). */
  const currentSession = async (c: Context): Promise<Session | null> => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? openSession(token, sealKey, Math.floor(now() / 1000)) : null;
    return session && !(await sessions.isEnded(session.sid)) ? session : null;
  };

  const signInForm = (c: Context, status: 200 | 401 | 403 | 415 | 429, error?: string) => {
    const csrf = newCsrfToken();
    setCookie(c, SIGN_IN_CSRF_COOKIE, csrf, { ...cookieOptions(c), maxAge: 900 });
    c.header('cache-control', 'no-store');
    return c.html(<SignInPage base={base} csrf={csrf} error={error} />, status);
  };

  const errorPage = (c: Context, status: 400 | 403 | 404 | 415 | 502, title: string, detail: string, session: Session | null) =>
    c.html(
      <Layout title={title} base={base} viewer={session}>
        <section class="card"><h1>{title}</h1><p class="error" role="alert">{detail}</p><p><a href={`${base}/auctions`}>← Auctions</a></p></section>
      </Layout>,
      status,
    );

  app.get('/assets/:name', (c) => {
    const asset = loadStaticAsset(c.req.param('name'));
    if (!asset) return c.text('not found', 404);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { 'content-type': asset.contentType, etag: asset.etag, 'cache-control': STATIC_CACHE_CONTROL });
  });

  app.get('/', async (c) => c.redirect((await currentSession(c)) ? `${base}/auctions` : `${base}/sign-in`, 303));

  app.get('/sign-in', async (c) => ((await currentSession(c)) ? c.redirect(`${base}/auctions`, 303) : signInForm(c, 200)));

  app.post('/sign-in', async (c) => {
    if (!sameOrigin(c)) return signInForm(c, 403, 'This form must be sent from the dashboard itself.');
    const form = await readForm(c);
    if (!form) return signInForm(c, 415, 'Send the sign-in form as the page does (urlencoded).');
    const csrf = form.get('csrf') ?? undefined;
    if (!sameToken(csrf, getCookie(c, SIGN_IN_CSRF_COOKIE))) return signInForm(c, 403, 'The form expired; please sign in again.');
    const key = (form.get('key') ?? '').trim();
    let principal;
    try {
      // The API's own key check (GET /v1/me), so the dashboard accepts exactly the keys the API does.
      principal = key && key.length <= MAX_KEY_LENGTH ? await whoAmI(deps.api, key) : undefined;
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) return signInForm(c, 429, 'Too many attempts with that key; wait a moment and try again.');
      throw error;
    }
    if (!principal) return signInForm(c, 401, 'That API key was refused.');
    const session: Session = {
      sid: newSessionId(),
      key,
      role: principal.role,
      bidderId: principal.bidderId,
      csrf: newCsrfToken(),
      exp: Math.floor(now() / 1000) + SESSION_TTL_SECONDS,
    };
    deleteCookie(c, SIGN_IN_CSRF_COOKIE, cookieOptions(c));
    setCookie(c, SESSION_COOKIE, sealSession(session, sealKey), { ...cookieOptions(c), maxAge: SESSION_TTL_SECONDS });
    return c.redirect(`${base}/auctions`, 303);
  });

  app.post('/sign-out', async (c) => {
    const session = await currentSession(c);
    // Origin first: a cross-site post is refused before its body is read.
    if (!sameOrigin(c)) return errorPage(c, 403, 'Refused', 'This form must be sent from the dashboard itself.', session);
    const form = await readForm(c);
    if (!form) return errorPage(c, 415, 'Refused', 'Send the sign-out form as the page does (urlencoded).', session);
    if (session && !sameToken(form.get('csrf') ?? undefined, session.csrf)) {
      return errorPage(c, 403, 'Refused', 'This form must be sent from the dashboard itself.', session);
    }
    // Server-side: the cookie (and any copy of it) is refused from now on, on every instance.
    if (session) await sessions.end(session.sid, session.exp);
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    return c.redirect(`${base}/sign-in`, 303);
  });

  // Everything below needs a session.
  app.use('*', async (c, next) => {
    const session = await currentSession(c);
    if (!session) return c.redirect(`${base}/sign-in`, 303);
    c.set('session', session);
    c.header('cache-control', 'no-store');
    await next();
  });

  /** A revoked key (401) ends the session; other API errors show their detail. */
  const onApiError = (c: Context<Env>, error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) {
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
      return c.redirect(`${base}/sign-in`, 303);
    }
    const status = error.status === 404 ? 404 : error.status === 403 ? 403 : error.status === 400 ? 400 : 502;
    return errorPage(c, status, status === 404 ? 'Not found' : 'Could not load', error.detail, c.get('session'));
  };

  mountKeyPages(app, {
    base, api: deps.api, sameOrigin, readForm, onApiError,
    refuse: (c, status, detail) => errorPage(c, status, status === 404 ? 'Not found' : 'Refused', detail, c.get('session')),
    // The cookie's lifetime is the session's own (its exp does not move).
    saveSession: (c, session) => setCookie(c, SESSION_COOKIE, sealSession(session, sealKey), { ...cookieOptions(c), maxAge: Math.max(0, session.exp - Math.floor(now() / 1000)) }),
  });

  mountDownloads(app, { base, api: deps.api, onApiError });

  app.get('/auctions', async (c) => {
    const session = c.get('session');
    try {
      const page = await listAuctions(deps.api, session.key, c.req.query('cursor'));
      return c.html(<AuctionsPage base={base} viewer={session} auctions={page.items} nextCursor={page.nextCursor} />);
    } catch (error) {
      return onApiError(c, error);
    }
  });

  app.get('/auctions/:id', async (c) => {
    const session = c.get('session');
    try {
      const view = await loadAuctionView(deps.api, session, c.req.param('id'));
      return c.html(<AuctionPage base={base} viewer={session} view={view} />);
    } catch (error) {
      return onApiError(c, error);
    }
  });

  return app;
}
