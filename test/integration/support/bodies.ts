// Typical request bodies (SPEC §4 examples).
export const curveBid = { type: 'curve', from: 0, to: 96, steps: [{ mw: 40, price: 70 }, { mw: 25, price: 52.5 }] };
export const blockBid = { type: 'block', mw: 120, duration: 8, earliestStart: 4, latestStart: 40, price: 95, minAcceptanceRatio: 1 };
export const workloadBlockBid = { type: 'block', workload: { kind: 'gpu', model: 'H100-SXM', count: 4096, pue: 1.3 }, duration: 8, earliestStart: 0, latestStart: 88, price: 95, minAcceptanceRatio: 0.5 };
export const forecast = (n: number, surplusMw = 2000, reservePrice = 30) => ({ intervals: Array.from({ length: n }, () => ({ surplusMw, reservePrice })) });
