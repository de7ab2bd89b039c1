// The clearing engine behind the lifecycle's ClearingEngine port. PLACEHOLDER until the engine
// branch (lib/clearing) is merged: every call fails, so clearing runs record the error and retry.
import type { ClearingEngine } from '../lifecycle/ports';

const missing = () => { throw new Error('the clearing engine (lib/clearing) is not part of this build'); };

export const clearingEngine: ClearingEngine = { clear: async () => missing(), serialize: missing, digest: missing };
