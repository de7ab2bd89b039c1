// Interval arithmetic shared by curtailment, notices, settlement and the lifecycle states.
export interface IntervalClock {
  deliveryStart: string;
  intervalMinutes: number;
}

const MINUTE_MS = 60_000;

export function intervalStartMs(a: IntervalClock, index: number): number {
  return Date.parse(a.deliveryStart) + index * a.intervalMinutes * MINUTE_MS;
}

/** ISO 8601 UTC with seconds and a `Z` (no milliseconds), e.g. 2026-12-01T00:15:00Z. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function intervalStart(a: IntervalClock, index: number): string {
  return isoUtc(intervalStartMs(a, index));
}

export function deliveryEndMs(a: IntervalClock & { intervalCount: number }): number {
  return intervalStartMs(a, a.intervalCount);
}

/** ISO 8601 duration of whole minutes: 15 → PT15M, 60 → PT1H, 90 → PT1H30M. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0 && m === 0) return 'PT0M';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
}

export function intervalHours(a: IntervalClock): number {
  return a.intervalMinutes / 60;
}
