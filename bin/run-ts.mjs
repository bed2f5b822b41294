#!/usr/bin/env node
// Runs a project TypeScript script (bench, scripts/) under tsx: node bin/run-ts.mjs FILE [ARGS...]
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: run-ts.mjs FILE [ARGS...]');
  process.exit(2);
}
register();
process.argv = [process.argv[0], path.resolve(file), ...rest];
await import(pathToFileURL(path.resolve(file)).href);
