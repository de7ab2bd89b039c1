// Number and time formatting shared by the dashboard pages (fixed locale, so pages are stable).
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

export function deliveryEnd(deliveryStart: string, intervalMinutes: number, intervalCount: number): string {
  return new Date(Date.parse(deliveryStart) + intervalMinutes * intervalCount * 60_000).toISOString();
}
