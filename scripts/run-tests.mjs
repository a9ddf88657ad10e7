// Runs the built tests with node's test runner: unit tests first (fast feedback), then integration and
// browser tests. Node 20's --test takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../dist/test/', import.meta.url).pathname;
const only = process.argv.slice(2);

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = ['unit', 'integration', 'browser']
  .filter((group) => only.length === 0 || only.includes(group))
  .flatMap((group) => collect(join(root, group)).sort());
if (files.length === 0) {
  console.error('no test files found: run `npm run build` first');
  process.exit(1);
}
// Integration tests start real shells and servers: two at a time suits a 2-core machine. A test that hangs fails
// after 5 minutes (the longest, a lesson test of every lesson, takes about one) instead of holding CI for 90.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
