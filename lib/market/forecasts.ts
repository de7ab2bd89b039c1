// Forecasts: versioned (every version kept, the auction points at the latest), only while the
// gate is open — clearing uses the latest version at gate closure, and a revision during
// delivery is a curtailment (a separate endpoint).
import type { Forecast, ForecastRequest, ForecastVersions } from '../../schemas/api/forecasts';
import { ForecastRequestSchema, ForecastSchema, FORECAST_CSV_FIRM, FORECAST_CSV_HEADER } from '../../schemas/api/forecasts';
import type { MarketDeps } from './ports';
import { conflict, invalid, notFound, type FieldError } from './errors';
import { gateOpen, requireAuction } from './auctions';
import { zodFieldErrors } from './field-errors';

const MAX_ATTEMPTS = 5;

export async function putForecast(deps: MarketDeps, auctionId: string, request: ForecastRequest): Promise<Forecast> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const auction = await requireAuction(deps, auctionId);
    const now = deps.clock.now();
    if (request.intervals.length !== auction.intervalCount) {
      throw invalid('wrong number of intervals', [{ path: 'intervals', message: `expected exactly ${auction.intervalCount} intervals (intervalCount), got ${request.intervals.length}` }]);
    }
    if (!gateOpen(auction, now)) throw conflict('the gate has closed: revise the surplus with a curtailment instead');
    const forecast = ForecastSchema.parse({ intervals: request.intervals, auctionId, version: (auction.forecastVersion ?? 0) + 1, createdAt: now.toISOString() });
    const outcome = await deps.store.forecasts.putForecast(forecast, now);
    if (outcome === 'ok') return forecast;
    if (outcome === 'not-found') throw notFound(`auction ${auctionId}`);
    if (outcome === 'gate-closed') throw conflict('the gate has closed: revise the surplus with a curtailment instead');
    // 'conflict': another upload took this version number; read the pointer again.
  }
  throw conflict('concurrent forecast uploads; retry');
}

/** Version `version` of the auction's forecast, or the latest when it is not given. */
export async function getForecast(deps: MarketDeps, auctionId: string, version?: number): Promise<Forecast> {
  const auction = await requireAuction(deps, auctionId);
  const wanted = version ?? auction.forecastVersion;
  const forecast = wanted && wanted <= (auction.forecastVersion ?? 0) ? await deps.store.forecasts.getForecast(auctionId, wanted) : undefined;
  if (!forecast) throw notFound(version === undefined ? `forecast of auction ${auctionId}` : `forecast version ${version} of auction ${auctionId}`);
  return forecast;
}

/**
 * The versions, oldest first. Uploads are refused once the gate has closed, so the latest
 * version is the one clearing uses (assembleBook takes the last one stamped before the gate).
 */
export async function listForecastVersions(deps: MarketDeps, auctionId: string): Promise<ForecastVersions> {
  const auction = await requireAuction(deps, auctionId);
  const latest = auction.forecastVersion;
  // Only versions the pointer has reached: a write whose pointer move lost is not a version.
  const forecasts = (await deps.store.forecasts.listForecasts(auctionId)).filter((f) => latest !== undefined && f.version <= latest);
  const closed = !gateOpen(auction, deps.clock.now());
  const hours = auction.intervalMinutes / 60;
  return {
    auctionId,
    ...(latest !== undefined ? { latest } : {}),
    items: forecasts.map((f) => ({
      version: f.version,
      createdAt: f.createdAt,
      intervalCount: f.intervals.length,
      surplusMwh: Math.round(f.intervals.reduce((sum, i) => sum + i.surplusMw * hours, 0) * 1e6) / 1e6,
      // Only for versions that give firmMw, so the listing of others keeps its bytes.
      ...(f.intervals.some((i) => i.firmMw !== undefined)
        ? { firmMwh: Math.round(f.intervals.reduce((sum, i) => sum + (i.firmMw ?? i.surplusMw) * hours, 0) * 1e6) / 1e6 } : {}),
      usedForClearing: closed && f.version === latest,
    })),
  };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const CSV_COLUMNS: readonly string[] = [...FORECAST_CSV_HEADER, FORECAST_CSV_FIRM];

/** Column positions from the header: interval, surplus_mw, reserve_price once each, firm_mw optional, any order. */
function csvColumns(header: string[]): Map<string, number> | string {
  const at = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    if (!CSV_COLUMNS.includes(name)) return `unknown column "${name}"`;
    if (at.has(name)) return `column "${name}" appears twice`;
    at.set(name, i);
  }
  const missing = FORECAST_CSV_HEADER.filter((name) => !at.has(name));
  return missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : at;
}

const number = (cell: string) => (DECIMAL.test(cell) ? Number(cell) : Number.NaN);

/** Parses `interval,surplus_mw,reserve_price[,firm_mw]` CSV into a forecast request, reporting rows as paths. */
export function parseForecastCsv(text: string): { ok: true; value: ForecastRequest } | { ok: false; errors: FieldError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const columns = csvColumns(header);
  if (typeof columns === 'string') {
    return { ok: false, errors: [{ path: 'line 1', message: `header must be ${FORECAST_CSV_HEADER.join(',')} (and optionally ${FORECAST_CSV_FIRM}): ${columns}` }] };
  }
  const errors: FieldError[] = [];
  const intervals: { surplusMw: number; reservePrice: number; firmMw?: number }[] = [];
  const cellOf = (cells: string[], name: string) => cells[columns.get(name)!]!;
  const firmAt = columns.get(FORECAST_CSV_FIRM);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',').map((cell) => cell.trim());
    const row = i - 1;
    if (cells.length !== header.length) { errors.push({ path: `line ${i + 1}`, message: `expected ${header.length} cells` }); continue; }
    const index = cellOf(cells, 'interval');
    if (index !== String(row)) errors.push({ path: `intervals[${row}].interval`, message: `expected interval ${row} (rows in order from 0), got "${index}"` });
    const firm = firmAt === undefined ? '' : cells[firmAt]!;
    intervals.push({
      surplusMw: number(cellOf(cells, 'surplus_mw')), reservePrice: number(cellOf(cells, 'reserve_price')),
      // An empty firm_mw cell: no firm level for this interval (all of its surplus counts as firm).
      ...(firm === '' ? {} : { firmMw: number(firm) }),
    });
    if (errors.length > 50) break;
  }
  if (errors.length > 0) return { ok: false, errors };
  const parsed = ForecastRequestSchema.safeParse({ intervals });
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error.issues) };
  return { ok: true, value: parsed.data };
}
