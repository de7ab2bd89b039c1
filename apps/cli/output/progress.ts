// A spinner with a label on stderr, drawn only when stderr is a terminal.
import type { CliIo } from '../io';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(label: string): void;
  done(): void;
}

export function progress(io: CliIo, label: string): Progress {
  if (!io.stderrIsTTY) return { update() {}, done() {} };
  let current = label;
  let frame = 0;
  const draw = () => { io.stderr(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`); };
  draw();
  const timer = setInterval(draw, 100);
  return {
    update(next) { current = next; draw(); },
    done() { clearInterval(timer); io.stderr('\r\x1b[2K'); },
  };
}
