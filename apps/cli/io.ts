// What a CLI command may touch, passed in so tests can run commands in-process.
import { readFile, writeFile } from 'node:fs/promises';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress indicators only draw on a terminal, so pipes and scripts see clean output. */
  stderrIsTTY: boolean;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
}

export function nodeIo(): CliIo {
  // `broker … --json | head`: the reader went away; stop quietly as other Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
    stderrIsTTY: process.stderr.isTTY === true,
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
  };
}
