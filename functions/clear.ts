// Lambda entry, scheduled every minute (EventBridge Scheduler): claims and clears auctions whose
// gate has closed, advances lifecycle states, repairs unfinished notice fan-outs
// (lib/composition/scheduler.ts). Only this function carries the clearing engine and HiGHS.
import { loadConfig } from '../lib/config';
import { clearingEngine } from '../lib/composition/engine';
import { createClearingHandler } from '../lib/composition/scheduler';

export const handler = createClearingHandler(loadConfig(), clearingEngine);
