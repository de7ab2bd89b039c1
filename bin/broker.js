#!/usr/bin/env node
// `npx broker …`: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../apps/cli/main.ts');
