// Builds everything with esbuild: the page as one browser bundle, and the server, scripts and tests
// file by file into dist/ (type checking is `npm run typecheck`; esbuild only strips types, so this stays fast).
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

function walk(dir, files = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, files);
    else files.push(path);
  }
  return files;
}

// Unit tests of the page's own modules: dist/client holds the page's bundles, not its modules file by file, so
// these tests are bundled with the client code they test (their packages stay imports).
const clientTests = join(root, 'test/unit/client');
const nodeSources = [];
const bundledTests = [];
const assets = [];
for (const top of ['server', 'scripts', 'test']) {
  for (const file of walk(join(root, top))) {
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) (file.startsWith(clientTests) ? bundledTests : nodeSources).push(file);
    else if (/\.(bash|zsh|sh|html|css|md|yaml|json)$/.test(file) || file.endsWith('/.zshrc')) assets.push(file);
  }
}

await build({
    entryPoints: nodeSources,
    outdir: out,
    outbase: root,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
});

await build({
    entryPoints: bundledTests,
    outdir: out,
    outbase: root,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
});

for (const file of assets) {
  const target = join(out, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}

// Chunk names change with their content: clear the old ones so the server does not serve stale files.
rmSync(join(out, 'client'), { recursive: true, force: true });
await build({
    // The classroom's pages share the terminal's and the lesson's modules (chunks) with the learner's page.
    entryPoints: {
      app: join(root, 'client/main.ts'),
      instructor: join(root, 'client/classroom/instructor-main.ts'),
      join: join(root, 'client/classroom/join-main.ts'),
      classroom: join(root, 'client/classroom/classroom.css'),
    },
    outdir: join(out, 'client'),
    bundle: true,
    // The WebGL renderer is imported on demand: most machines measured here draw faster with the DOM one.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    loader: { '.css': 'css' },
    logLevel: 'warning',
});
// The sandbox OpenFaaS gateway's portal (/ui/): a page of its own, one script and one stylesheet, no chunks.
await build({
    entryPoints: { portal: join(root, 'client/openfaas-portal/portal.ts') },
    outdir: join(out, 'client/openfaas-portal'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    logLevel: 'warning',
});
cpSync(join(root, 'client/openfaas-portal/portal.css'), join(out, 'client/openfaas-portal/portal.css'));
for (const file of walk(join(root, 'client'))) {
  if (/\.(html|svg|png|ico)$/.test(file)) {
    // The classroom's pages sit beside index.html: the server serves the client folder's top level (static-files.ts).
    const classroom = dirname(file) === join(root, 'client/classroom');
    const target = classroom ? join(out, 'client', basename(file)) : join(out, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
}
