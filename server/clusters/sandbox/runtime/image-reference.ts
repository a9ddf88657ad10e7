// Image references parsed and normalised as kubelet and containerd do (the grammar of
// github.com/distribution/reference): `nginx` is docker.io/library/nginx:latest, `bitnami/redis:7` is
// docker.io/bitnami/redis:7, a first component with a dot, a colon or `localhost` is a registry host.
// Error texts are distribution/reference's, which kubelet wraps (see image-catalogue.ts).

export interface ImageReference {
  /** registry host, e.g. 'docker.io', 'ghcr.io', 'localhost:5000' */
  domain: string;
  /** repository path on the registry, e.g. 'library/nginx' */
  path: string;
  /** the tag: the given one, or 'latest' when neither tag nor digest is given (kubelet's default) */
  tag?: string;
  /** 'sha256:<hex>' when the reference names a digest */
  digest?: string;
}

export type ParsedReference = { ok: true; reference: ImageReference } | { ok: false; error: string };

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const HEX64 = /^[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

/** Splits off the registry host as docker does: only a first component with '.', ':' or 'localhost' (and
 * no uppercase) is a host; everything else lives on Docker Hub, official images under `library/`. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = 'docker.io';
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** distribution/reference's ParseNormalizedNamed, plus kubelet's default tag. */
export function parseImageReference(image: string): ParsedReference {
  if (HEX64.test(image)) {
    return { ok: false, error: `invalid repository name (${image}), cannot specify 64-byte hexadecimal strings` };
  }
  const { domain, remainder } = splitDockerDomain(image);
  const colon = remainder.indexOf(':');
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    return { ok: false, error: `invalid reference format: repository name (${remote}) must be lowercase` };
  }
  if (image === '') return { ok: false, error: 'invalid reference format' };
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  if (!match) return { ok: false, error: 'invalid reference format' };
  const name = match[1] ?? '';
  if (name.length > MAX_NAME_LENGTH) {
    return { ok: false, error: `repository name must not be more than ${MAX_NAME_LENGTH} characters` };
  }
  const path = name.slice(domain.length + 1);
  const tag = match[2];
  const digest = match[3];
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return { ok: false, error: 'invalid checksum digest format' };
  }
  const reference: ImageReference = { domain, path };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  if (tag === undefined && digest === undefined) reference.tag = 'latest';
  return { ok: true, reference };
}

/** What containerd pulls: 'docker.io/library/nginx:latest', or '...@sha256:...' when a digest is given
 * (a digest wins over a tag). */
export function referenceString(ref: ImageReference): string {
  const repository = `${ref.domain}/${ref.path}`;
  return ref.digest !== undefined ? `${repository}@${ref.digest}` : `${repository}:${ref.tag ?? 'latest'}`;
}
