// Every image a kubeclass kind cluster needs: what the pinned release manifests run (containers, init containers,
// and the queue-proxy sidecar named in config-deployment), the OpenFaaS chart's components, the kind node, and
// the images the lessons deploy. Read from the files themselves, so a new pin brings its own list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OPENFAAS_IMAGES } from '../../sandbox/openfaas/install/constants.js';
import { KIND_NODE_IMAGE } from '../pins.js';

export interface ImageList {
  /** For the node: `kind load image-archive` needs the cluster; the node image is pulled by kind itself. */
  node: string;
  /** What the cluster runs, by where it came from. */
  sources: { source: string; images: string[] }[];
}

/** Images named in a YAML stream: pod specs anywhere in it, and config-deployment's queue-sidecar-image. */
export function imagesInManifest(text: string): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ((key === 'containers' || key === 'initContainers') && typeof record.image === 'string') found.add(record.image);
    if (typeof record['queue-sidecar-image'] === 'string') found.add(record['queue-sidecar-image']);
    for (const [k, v] of Object.entries(record)) visit(v, k);
  };
  for (const doc of parseAllDocuments(text)) visit(doc.toJS(), undefined);
  return [...found].sort();
}

/** `image:` keys and `--image` flags in a lesson folder's text files (stack files, manifests, the lesson itself). */
export function imagesInLessons(dir: string): string[] {
  const found = new Set<string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.size < 1024 * 1024 && /\.(md|ya?ml|json|sh)$/.test(name)) {
        const text = readFileSync(full, 'utf8');
        for (const m of text.matchAll(/(?:\bimage:\s*|--image[= ])["']?([a-z0-9][\w.\-/:@]+[\w])/g)) found.add(m[1]!);
      }
    }
  };
  walk(dir);
  return [...found].sort();
}

export function clusterImages(manifests: { source: string; text: string }[], lessonsDir: string | undefined): ImageList {
  const sources = manifests.map((m) => ({ source: m.source, images: imagesInManifest(m.text) }));
  sources.push({ source: 'OpenFaaS CE chart', images: Object.values(OPENFAAS_IMAGES).sort() });
  if (lessonsDir) sources.push({ source: 'lessons', images: imagesInLessons(lessonsDir) });
  return { node: KIND_NODE_IMAGE, sources };
}

export function allImages(list: ImageList): string[] {
  return [...new Set(list.sources.flatMap((s) => s.images))];
}
