#!/usr/bin/env node
// The installed command: runs the built CLI (npm install builds it; `npm run build` rebuilds).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/server/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('kubeclass: not built yet: run `npm install` (or `npm run build`) in the kubeclass folder\n');
  process.exit(1);
}
await import(cli.href);
