#!/usr/bin/env node
// The `plotwright` command. Runs the TypeScript core directly through tsx,
// so `npx plotwright` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
