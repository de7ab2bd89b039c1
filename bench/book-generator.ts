// Seeded Pakistan-like books for the benchmark and the tests: surplus 1,000–2,000 MW with a
// day/night profile, reserve $28–42/MWh, miner step curves (1–5 steps, $20–135/MWh), AI blocks
// ($70–320/MWh, 1–12 h, half with flexible starts up to 6 h, MAR 1/0.5/0.25). Sizes scale so that
// miners ask for ~3× the surplus and blocks for ~0.75× its energy, whatever the bid counts.
// Horizons longer than a day (the `week` size, 672 × 15 min) repeat the day/night profile (hour of
// day = hour modulo 24); miner windows and block start windows always stay inside the horizon.
import type { Book, BookBid } from '../schemas/book';

export interface GeneratorOptions {
  seed: number;
  intervals: number;
  intervalMinutes: 15 | 30 | 60;
  miners: number;
  blocks: number;
  pricing?: 'uniform' | 'pay-as-bid';
  /** block energy asked as a share of the surplus energy (default BLOCK_ENERGY_SHARE) */
  blockShare?: number;
}

export const BOOK_SIZES = {
  small: { intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25 },
  medium: { intervals: 96, intervalMinutes: 15, miners: 2_000, blocks: 300 },
  national: { intervals: 96, intervalMinutes: 15, miners: 20_000, blocks: 2_000 },
  stress: { intervals: 96, intervalMinutes: 15, miners: 200_000, blocks: 20_000 },
  /** issue 15's week: 7 days of 15 min (the schema's maximum of 672 intervals) */
  week: { intervals: 672, intervalMinutes: 15, miners: 2_000, blocks: 1_000 },
} as const;

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Block energy asked, as a share of the surplus energy: AI demand near, not far above, supply. */
export const BLOCK_ENERGY_SHARE = Number(process.env.BENCH_BLOCK_SHARE ?? 0.75);

const cents = (x: number) => Math.round(x * 100) / 100;
const kw = (x: number) => Math.max(0.001, Math.round(x * 1000) / 1000);

export function generateBook(o: GeneratorOptions): Book {
  const r = rng(o.seed);
  const T = o.intervals;
  const perHour = 60 / o.intervalMinutes;
  const intervals = Array.from({ length: T }, (_, t) => {
    const hour = (t / perHour) % 24; // hour of day; the one-day sizes never wrap, so their books are unchanged
    const day = Math.cos((2 * Math.PI * (hour - 13)) / 24); // solar midday surplus peak
    const surplus = Math.min(2000, Math.max(1000, 1500 + 450 * day + (r() - 0.5) * 100));
    const reserve = Math.min(42, Math.max(28, 35 - 5 * day + (r() - 0.5) * 4));
    return { surplusMw: Math.round(surplus), reservePrice: cents(reserve) };
  });
  const bids: BookBid[] = [];
  const minerMean = (3 * 1500) / Math.max(1, o.miners);
  for (let i = 0; i < o.miners; i++) {
    const size = minerMean * Math.exp((r() - 0.5) * 1.6) / 1.1;
    const n = 1 + Math.floor(r() * 5);
    let price = 60 + r() * 75;
    const steps = Array.from({ length: n }, () => {
      const step = { mw: kw(size / n), price: cents(price) };
      price = Math.max(20, price - 5 - r() * 25);
      return step;
    });
    const partial = r() < 0.3;
    const from = partial ? Math.floor(r() * (T / 2)) : 0;
    const to = partial ? Math.min(T, from + 1 + Math.floor(r() * T)) : T;
    bids.push({ id: `m-${i}`, bidder: `miner-${i}`, class: r() < 0.9 ? 'mining' : 'ai', type: 'curve', from, to, steps });
  }
  const avgDurH = 6.5;
  const blockMean = ((o.blockShare ?? BLOCK_ENERGY_SHARE) * 1500 * (T / perHour)) / (Math.max(1, o.blocks) * avgDurH);
  for (let i = 0; i < o.blocks; i++) {
    const duration = Math.min(T, Math.max(1, Math.round((1 + r() * 11) * perHour)));
    const flexible = r() < 0.5;
    const window = flexible ? Math.round(r() * 6 * perHour) : 0;
    const lastStart = T - duration;
    const earliestStart = Math.floor(r() * (lastStart + 1));
    const latestStart = Math.min(lastStart, earliestStart + window);
    const u = r();
    bids.push({
      id: `b-${i}`, bidder: `tenant-${i}`, class: r() < 0.9 ? 'ai' : 'mining', type: 'block',
      mw: kw(blockMean * (0.5 + r())), duration, earliestStart, latestStart,
      price: cents(70 + r() * 250), minAcceptanceRatio: u < 1 / 3 ? 1 : u < 2 / 3 ? 0.5 : 0.25,
    });
  }
  // Shuffle so input order carries no information (the engine sorts by id anyway).
  for (let i = bids.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [bids[i], bids[j]] = [bids[j]!, bids[i]!];
  }
  return {
    format: 'surplus-auction/v1',
    auction: {
      id: `PK-BENCH-${o.seed}`, zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z',
      intervalMinutes: o.intervalMinutes, currency: 'USD', pricing: o.pricing ?? 'uniform',
    },
    intervals,
    bids,
  };
}
