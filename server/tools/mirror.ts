// KUBECLASS_TOOLS_MIRROR: a base URL (http://, https://) or a file:// folder whose layout mirrors the upstream
// addresses, host first: https://dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl is looked up at
// <mirror>/dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl. Tests and classrooms with poor networks use it.

export class MirrorError extends Error {}

/** Checks the mirror once, so a typo fails before any download starts. */
export function parseMirror(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new MirrorError(`KUBECLASS_TOOLS_MIRROR is not a URL: ${value} (use http://, https:// or file:///path)`);
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    throw new MirrorError(`KUBECLASS_TOOLS_MIRROR must be an http://, https:// or file:// URL, not ${url.protocol}//`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Where to fetch an upstream address from: upstream itself, or its place in the mirror. */
export function mirrored(upstream: string, mirror: string | undefined): string {
  if (!mirror) return upstream;
  const url = new URL(upstream);
  return `${mirror}/${url.host}${url.pathname}`;
}
