// Number and time formatting shared by the dashboard pages (fixed locale, so pages are stable).
import { localClock } from '../kernel/local-time';

export { localClock };
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function money(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '–';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** "2026-12-01 00:00 UTC" */
export function utc(iso: string | null | undefined): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-12-01 00:00 UTC (05:00 GMT+5)" when the auction names a time zone, else the UTC form. */
export function utcAndLocal(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso || !timeZone || Number.isNaN(Date.parse(iso))) return utc(iso);
  return `${utc(iso)} (${localClock(iso, timeZone, true)})`;
}

export function deliveryEnd(deliveryStart: string, intervalMinutes: number, intervalCount: number): string {
  return new Date(Date.parse(deliveryStart) + intervalMinutes * intervalCount * 60_000).toISOString();
}
