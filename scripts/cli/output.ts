// Output helpers for the `broker` CLI: aligned plain-text tables for people, a progress
// indicator on stderr only when stderr is a terminal (so pipes and scripts see clean output).
/** Where a command writes: process.stdout/stderr, or anything with write() (tests, adapters). */
export interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}
export interface Io {
  stdout: Sink;
  stderr: Sink;
}

export type Align = 'left' | 'right';

export function formatTable(headers: string[], rows: (string | number)[][], align: Align[] = []): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row
    .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(label: string): void;
  done(): void;
}

/** A spinner with a label on stderr; silent when stderr is not a TTY. */
export function progress(io: Io, label: string): Progress {
  if (!io.stderr.isTTY) return { update() {}, done() {} };
  let current = label;
  let frame = 0;
  const draw = () => { io.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`); };
  draw();
  const timer = setInterval(draw, 100);
  return {
    update(next) { current = next; draw(); },
    done() { clearInterval(timer); io.stderr.write('\r\x1b[2K'); },
  };
}

export async function withProgress<T>(io: Io, label: string, work: () => Promise<T>): Promise<T> {
  const p = progress(io, label);
  try {
    return await work();
  } finally {
    p.done();
  }
}
