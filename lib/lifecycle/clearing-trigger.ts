// Port: asks whatever clears auctions to look now instead of at its next tick, after
// POST …/clear made an auction due. Best effort — the schedule clears a due auction anyway — so
// the request never waits for the clearing, and a failed wake-up is logged, not answered.
// Deployed, EventBridge Scheduler runs the clear function every minute (no trigger needed);
// npm start wakes its scheduler loop at once (apps/local/scheduler-loop.ts).
export interface ClearingTrigger {
  requestClearing(auctionId: string): Promise<void>;
}
