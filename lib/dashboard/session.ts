// Dashboard sessions: the cookie holds the session (an id, the API key, its role, a CSRF token,
// an expiry) sealed with AES-256-GCM under a key derived from the server's session secret. The
// raw API key is never in the cookie in clear, the browser cannot read or forge it, and every
// page re-authenticates through the API's own key check — so revoking a key (or the end of a
// rotated-out secret's grace) ends its dashboard sessions. Sign-out records the session id as
// ended in the table (DashboardSessions), so a copied cookie stops working on every instance.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SessionSchema, type Session } from '../../schemas/dashboard';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SESSION_TTL_SECONDS = 8 * 3600;

/** The dashboard's Hono environment: the pages behind the session check read it from `session`. */
export type DashboardEnv = { Variables: { session: Session } };

export function deriveSessionKey(secret: string | Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'surplus-broker', 'dashboard-session-v1', 32));
}

export function sealSession(session: Session, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The session, or null when the token is forged, tampered with, malformed or expired. */
export function openSession(token: string, key: Buffer, nowSeconds: number): Session | null {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = SessionSchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.exp <= nowSeconds) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/** Where sign-outs are recorded (the table in the app; see lib/market/ports.ts SessionStore). */
export interface DashboardSessions {
  end(sessionId: string, expiresAtSeconds: number): Promise<void>;
  isEnded(sessionId: string): Promise<boolean>;
}

/** Sign-outs remembered by this process only: for a dashboard built without the table (page tests). */
export function inProcessSessions(): DashboardSessions {
  const ended = new Set<string>();
  return {
    end: async (sessionId) => { ended.add(sessionId); },
    isEnded: async (sessionId) => ended.has(sessionId),
  };
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
