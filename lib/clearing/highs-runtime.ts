// One HiGHS WebAssembly runtime per process: compiling the module costs ~70 ms.
import highsLoader, { type Highs } from 'highs';

let runtime: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  runtime ??= highsLoader();
  return runtime;
}
