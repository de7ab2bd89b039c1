// Vitest globalSetup: (re)builds the `broker` bundle the way `npm run build` does, so the tests
// that spawn `node bin/broker.js` run the CLI as shipped, compiled from the sources under test.
import { buildCli } from '../../lib/infra/cli-bundle';

export async function setup(): Promise<void> {
  await buildCli();
}
