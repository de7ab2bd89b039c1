// Dashboard sessions ended server-side (sign-out): recorded in the store until the session
// would have expired anyway, and checked on every dashboard request, on every instance.
import type { MarketDeps } from './ports';

export async function endSession(deps: MarketDeps, sessionId: string, expiresAtSeconds: number): Promise<void> {
  await deps.store.sessions.endSession(sessionId, expiresAtSeconds);
}

export async function isSessionEnded(deps: MarketDeps, sessionId: string): Promise<boolean> {
  return deps.store.sessions.isEnded(sessionId);
}
