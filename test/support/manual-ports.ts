// Deterministic clock and id generator for tests, demos and benchmarks: a settable clock and
// sequential ids (safe under concurrency in one process: the counter advances synchronously).
import type { Clock, IdGenerator } from '../../lib/kernel/ports';

export interface ManualClock extends Clock { set(at: Date | string): void; advance(ms: number): void }

export function manualClock(start: Date | string): ManualClock {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    set: (to) => { at = new Date(to).getTime(); },
    advance: (ms) => { at += ms; },
  };
}

/** A clock that advances 1 ms on every reading: concurrent requests get distinct, ordered stamps. */
export function tickingClock(start: Date | string): ManualClock {
  const clock = manualClock(start);
  return { ...clock, now: () => { const t = clock.now(); clock.advance(1); return t; } };
}

export function sequentialIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(8, '0')}` };
}
