// The sandbox cannot pull images: it knows a catalogue, and resolves a pod's image against it the way a pull
// on kind (containerd) would succeed or fail, with kubelet's and containerd's wording.
import { createHash } from 'node:crypto';
import { CATALOGUE } from './catalogue-data.js';
import { parseImageReference, referenceString, type ImageReference } from './image-reference.js';

export interface CatalogueImage {
  /** e.g. 'docker.io/library/nginx' */
  repository: string;
  /** tags that exist; any other tag is "not found" as a registry says */
  tags: readonly string[];
  /** image config: what runs when the pod gives no command/args (Docker ENTRYPOINT/CMD) */
  entrypoint: readonly string[];
  cmd: readonly string[];
  workingDir?: string;
  env?: Readonly<Record<string, string>>;
  /** ports the image declares (EXPOSE) */
  exposedPorts?: readonly number[];
  /** the image's STOPSIGNAL (containerd sends it on stop); SIGTERM when absent */
  stopSignal?: string;
  /** true for images with a real shell whose commands run for real (busybox, alpine, ubuntu, debian) */
  shell: boolean;
  /** the image contains /bin/sh although its default program is emulated (nginx, httpd, redis are Debian
   * or Alpine based): a pod command that is not the image's program runs for real there */
  hasShell?: boolean;
  /** key into the emulated-programs table (emulated/programs.ts) */
  program?: string;
  /** an installed system component's image (Knative's): runs, but is not offered in pull-failure messages */
  system?: boolean;
}

export type ImageResolution =
  | {
      ok: true;
      image: CatalogueImage;
      /** 'docker.io/library/busybox:latest' (or '...@sha256:...' for a digest reference) */
      ref: string;
      /** 'docker.io/library/busybox@sha256:<64 hex>' for status.imageID */
      imageId: string;
    }
  | {
      ok: false;
      /** waiting.reason while the pull fails */
      reason: 'ErrImagePull';
      /** the CRI error, as in status.containerStatuses[].state.waiting.message, with the catalogue sentence */
      message: string;
      /** the Warning event kubelet records: reason 'Failed', `Failed to pull image "<image>": <message>` */
      eventReason: 'Failed';
      eventMessage: string;
    }
  | {
      ok: false;
      reason: 'InvalidImageName';
      /** kubelet's `Failed to apply default image tag ...` (also the waiting.message) */
      message: string;
      /** kubelet's Warning event for it: reason 'InspectFailed', same message */
      eventReason: 'InspectFailed';
      eventMessage: string;
    };

export function catalogue(): readonly CatalogueImage[] {
  return CATALOGUE;
}

const byRepository = new Map(CATALOGUE.map((image) => [image.repository, image]));

/** A plausible digest, stable per repository:tag (these are not the registry's real digests). */
export function imageDigest(repository: string, tag: string): string {
  return `sha256:${createHash('sha256').update(`kubeclass-image:${repository}:${tag}`).digest('hex')}`;
}

/** Short names of the catalogue, for messages: 'busybox, alpine, ..., hashicorp/http-echo, ...'. */
export function catalogueNames(): string[] {
  return [...new Set(CATALOGUE.filter((image) => !image.system).map((image) => image.repository.replace(/^docker\.io\/(library\/)?/, '')))];
}

/** Appended to pull failures so a learner knows why a real image fails here. */
export function catalogueSentence(): string {
  return `(the kubeclass sandbox runs only images of its catalogue: ${catalogueNames().join(', ')}; see docs/sandbox.md)`;
}

/** containerd's error for a repository the registry does not have. Docker Hub answers a missing repository
 * like a private one (insufficient_scope); kubelet strips gRPC's `code = Unknown` (kubernetes#117612). */
function missingRepositoryError(ref: ImageReference, full: string): string {
  const head = `failed to pull and unpack image "${full}": failed to resolve reference "${full}": `;
  if (ref.domain === 'docker.io') {
    return `${head}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  }
  if (ref.domain === 'ghcr.io') {
    const scope = encodeURIComponent(`repository:${ref.path}:pull`);
    return `${head}failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=${scope}&service=ghcr.io: 403 Forbidden`;
  }
  if (/^(gcr\.io|.*\.gcr\.io|registry\.k8s\.io|quay\.io|.*\.pkg\.dev|public\.ecr\.aws|mcr\.microsoft\.com)$/.test(ref.domain)) {
    return notFoundError(full);
  }
  // A host the node cannot resolve: the DNS lookup fails (Go's resolver wording).
  const host = ref.domain.replace(/:\d+$/, '');
  const manifest = ref.digest ?? ref.tag ?? 'latest';
  return `${head}failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${manifest}": dial tcp: lookup ${host}: no such host`;
}

/** containerd's error for a tag (or digest) the repository does not have: gRPC NotFound, kept by kubelet. */
function notFoundError(full: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
}

function pullFailure(image: string, error: string): ImageResolution {
  const message = `${error} ${catalogueSentence()}`;
  return { ok: false, reason: 'ErrImagePull', message, eventReason: 'Failed', eventMessage: `Failed to pull image "${image}": ${message}` };
}

export function resolveImage(image: string): ImageResolution {
  const parsed = parseImageReference(image);
  if (!parsed.ok) {
    const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${parsed.error}`;
    return { ok: false, reason: 'InvalidImageName', message, eventReason: 'InspectFailed', eventMessage: message };
  }
  const ref = parsed.reference;
  const repository = `${ref.domain}/${ref.path}`;
  const full = referenceString(ref);
  const known = byRepository.get(repository);
  if (!known) return pullFailure(image, missingRepositoryError(ref, full));
  if (ref.digest !== undefined) {
    // Real digests are unknown here: any well-formed digest of a known repository is taken as present.
    return { ok: true, image: known, ref: full, imageId: `${repository}@${ref.digest}` };
  }
  const tag = ref.tag ?? 'latest';
  if (!known.tags.includes(tag)) return pullFailure(image, notFoundError(full));
  return { ok: true, image: known, ref: full, imageId: `${repository}@${imageDigest(repository, tag)}` };
}

/** waiting.message during ImagePullBackOff since Kubernetes 1.32 (kubernetes#127918): the back-off
 * notice followed by the last pull error's reason and message. The BackOff event keeps the short form. */
export function pullBackOffMessage(image: string, last?: { reason: string; message: string }): string {
  const notice = `Back-off pulling image "${image}"`;
  return last ? `${notice}: ${last.reason}: ${last.message}` : notice;
}
