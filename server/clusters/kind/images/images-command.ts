// `kubeclass images list|save FILE|load FILE`: for classrooms with a poor network, every image the kind cluster
// needs, pulled once on a good network into one archive, then loaded into the node (`kind load image-archive`)
// so nothing is pulled in the room. `cluster up --images FILE` loads it before installing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultCacheDir } from '../../../config.js';
import { toolEnv } from '../provision/kind-provisioner.js';
import { PinnedDownloads } from '../provision/downloads.js';
import { spawnExec, type Exec } from '../provision/provision-tools.js';
import { StepFailure } from '../provision/step.js';
import { KIND_CLUSTER_NAME } from '../pins.js';
import { allImages, clusterImages } from './cluster-images.js';

export const IMAGES_USAGE = `Usage: kubeclass images list
       kubeclass images save FILE
       kubeclass images load FILE

list   every image the kind cluster needs: Knative Serving and Kourier (from the pinned release files), the
       OpenFaaS CE chart, and what the lessons deploy
save   docker pull each of them and write one archive (docker save): do this where the network is good
load   load an archive into the running kind cluster (kind load image-archive); or: kubeclass cluster up --images FILE
`;

const DEFAULT_LESSONS = fileURLToPath(new URL('../../../../../lessons', import.meta.url));
const PULL_CONCURRENCY = 3;

type Output = (text: string) => void;

export async function imagesCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>>, exec: Exec = spawnExec): Promise<number> {
  const [sub, file, ...extra] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? err : out)(IMAGES_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (extra.length || (sub !== 'list' && !file) || (sub === 'list' && file)) {
    err(`kubeclass: images ${sub}: ${sub === 'list' ? 'takes no arguments' : 'takes one FILE'}\n\n${IMAGES_USAGE}`);
    return 2;
  }
  const signal = new AbortController().signal;
  const run = (program: string, args: string[], timeoutMs = 30 * 60_000) => exec(program, args, { env: toolEnv(env), signal, timeoutMs });
  if (sub === 'load') {
    out(`Loading ${file} into the kind cluster ${KIND_CLUSTER_NAME}...\n`);
    const loaded = await run('kind', ['load', 'image-archive', file!, '--name', KIND_CLUSTER_NAME]);
    if (loaded.code !== 0) {
      err(`kubeclass: kind load image-archive failed (exit ${loaded.code}): ${(loaded.stderr || loaded.stdout).trim()}\n` + (loaded.code === 127 ? '' : `Is the cluster up? kubeclass cluster up --images ${file} creates it and loads the archive.\n`));
      return 1;
    }
    out('Loaded.\n');
    return 0;
  }
  let images: string[];
  let sources;
  try {
    const list = await listImages(env);
    sources = list.sources;
    images = allImages(list);
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}${error instanceof StepFailure && error.fix ? `\n  What to do: ${error.fix}` : ''}\n`);
    return 1;
  }
  if (sub === 'list') {
    for (const s of sources) out(`# ${s.source}\n${s.images.map((i) => `${i}\n`).join('')}`);
    return 0;
  }
  if (sub !== 'save') {
    err(`kubeclass: images: unknown subcommand "${sub}"\n\n${IMAGES_USAGE}`);
    return 2;
  }
  out(`Pulling ${images.length} images (${PULL_CONCURRENCY} at a time)...\n`);
  const failed: string[] = [];
  const queue = [...images];
  const worker = async (): Promise<void> => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      const pulled = await run('docker', ['pull', '--quiet', image]);
      if (pulled.code === 127) throw new Error('docker is not installed (images save needs the Docker CLI and a daemon)');
      if (pulled.code === 0) out(`  ✓ ${image}\n`);
      else {
        failed.push(image);
        out(`  ✗ ${image}: ${(pulled.stderr || pulled.stdout).trim().split('\n').pop()}\n`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: PULL_CONCURRENCY }, worker));
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 1;
  }
  const saved = images.filter((i) => !failed.includes(i));
  out(`Writing ${saved.length} images to ${file}...\n`);
  const written = await run('docker', ['save', '-o', file!, ...saved]);
  if (written.code !== 0) {
    err(`kubeclass: docker save failed (exit ${written.code}): ${(written.stderr || written.stdout).trim()}\n`);
    return 1;
  }
  out(`Saved ${saved.length} images to ${file}. In the classroom: kubeclass cluster up --images ${file}\n`);
  if (failed.length) {
    err(`kubeclass: ${failed.length} image${failed.length === 1 ? '' : 's'} could not be pulled and ${failed.length === 1 ? 'is' : 'are'} not in the archive: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

async function listImages(env: Readonly<Record<string, string | undefined>>) {
  const downloads = new PinnedDownloads({ cacheDir: defaultCacheDir(env), mirror: env.KUBECLASS_MIRROR || undefined });
  const manifests = await Promise.all(
    [
      ['serving-core', 'Knative Serving'],
      ['kourier', 'Kourier'],
    ].map(async ([id, source]) => ({ source: source!, text: readFileSync(await downloads.get(id!), 'utf8') })),
  );
  return clusterImages(manifests, env.KUBECLASS_LESSONS_DIR ?? DEFAULT_LESSONS);
}
