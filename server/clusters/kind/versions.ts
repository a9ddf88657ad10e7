// Versions as the tools print them, and their comparison.

export type Version = [number, number, number];

/** The first vX.Y[.Z] (or X.Y[.Z]) in text, or undefined. */
export function parseVersion(text: string): Version | undefined {
  const m = /\bv?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function formatVersion(v: Version): string {
  return `${v[0]}.${v[1]}.${v[2]}`;
}

/** `kind version` prints `kind v0.30.0 go1.24.6 linux/amd64`. */
export function parseKindVersion(stdout: string): Version | undefined {
  const m = /kind v?(\d+\.\d+(?:\.\d+)?)/.exec(stdout);
  return m ? parseVersion(m[1]!) : undefined;
}

/** `kubectl version --client -o json` prints {"clientVersion":{"gitVersion":"v1.34.1",...}}. */
export function parseKubectlVersion(stdout: string): Version | undefined {
  try {
    const json = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } };
    return json.clientVersion?.gitVersion ? parseVersion(json.clientVersion.gitVersion) : undefined;
  } catch {
    return undefined;
  }
}

/** `helm version --short` prints `v3.19.0+g3d8990f`. */
export function parseHelmVersion(stdout: string): Version | undefined {
  return parseVersion(stdout.trim());
}

/** Kubernetes' version skew policy: kubectl is supported within one minor version of the API server. */
export function kubectlSkew(client: Version, server: Version): 'supported' | 'too-old' | 'too-new' {
  if (client[0] !== server[0]) return client[0] < server[0] ? 'too-old' : 'too-new';
  const d = client[1] - server[1];
  return d < -1 ? 'too-old' : d > 1 ? 'too-new' : 'supported';
}
