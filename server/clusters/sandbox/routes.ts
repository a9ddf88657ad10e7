// Which API a request path names. Kubernetes paths are regular but overlapping (`/api/v1/namespaces/x` is a
// namespace, `/api/v1/namespaces/x/pods` the pods in it), so they are parsed in one place.

export type Route =
  | { kind: 'version' }
  | { kind: 'healthz' }
  | { kind: 'core-discovery' }
  | { kind: 'groups-discovery' }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'group'; group: string }
  | { kind: 'openapi-index' }
  | { kind: 'openapi-doc'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      namespace: string | undefined;
      plural: string;
      name: string | undefined;
      subresource: string | undefined;
    }
  | { kind: 'unknown' };

const SEGMENT = /^[A-Za-z0-9][-A-Za-z0-9_.:]*$/;

export function parseRoute(pathname: string, isResource: (group: string, version: string, plural: string) => boolean): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.some((p) => !SEGMENT.test(decodeURIComponent(p)))) return { kind: 'unknown' };
  const decoded = parts.map((p) => decodeURIComponent(p));
  const [root, ...rest] = decoded;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if ((root === 'healthz' || root === 'readyz' || root === 'livez') && rest.length === 0) return { kind: 'healthz' };
  if (root === 'openapi' && rest[0] === 'v3') {
    if (rest.length === 1) return { kind: 'openapi-index' };
    if (rest[1] === 'api' && rest.length === 3) return { kind: 'openapi-doc', group: '', version: rest[2] as string };
    if (rest[1] === 'apis' && rest.length === 4) return { kind: 'openapi-doc', group: rest[2] as string, version: rest[3] as string };
    return { kind: 'unknown' };
  }
  let group: string;
  let version: string;
  let tail: string[];
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'core-discovery' };
    group = '';
    version = rest[0] as string;
    tail = rest.slice(1);
  } else if (root === 'apis') {
    if (rest.length === 0) return { kind: 'groups-discovery' };
    if (rest.length === 1) return { kind: 'group', group: rest[0] as string };
    group = rest[0] as string;
    version = rest[1] as string;
    tail = rest.slice(2);
  } else {
    return { kind: 'unknown' };
  }
  if (tail.length === 0) return { kind: 'group-version', group, version };
  // namespaces/<ns>/<resource>[/<name>[/<sub>]], unless it is the namespaces resource itself.
  if (tail[0] === 'namespaces' && tail.length >= 3 && isResource(group, version, tail[2] as string)) {
    const [, namespace, plural, name, subresource, ...extra] = tail;
    if (extra.length > 0) return { kind: 'unknown' };
    return { kind: 'resource', group, version, namespace, plural: plural as string, name, subresource };
  }
  const [plural, name, subresource, ...extra] = tail;
  if (extra.length > 0) return { kind: 'unknown' };
  return { kind: 'resource', group, version, namespace: undefined, plural: plural as string, name, subresource };
}
