// Knative's controller resolves a revision's image tag to a digest before it deploys anything (with
// go-containerregistry), so an image that does not exist fails the Revision itself (ContainerMissing), not a
// pod. The sandbox resolves against its catalogue and words failures as the registry client does.
import { catalogueSentence, resolveImage } from '../../runtime/image-catalogue.js';
import { parseImageReference } from '../../runtime/image-reference.js';

export type DigestResolution = { ok: true; digestRef: string; imageId: string } | { ok: false; message: string };

export function resolveDigest(image: string): DigestResolution {
  const resolution = resolveImage(image);
  if (resolution.ok) {
    // The deployment runs `<repository>@sha256:...`, as Knative writes it into the pod template.
    return { ok: true, digestRef: resolution.imageId, imageId: resolution.imageId };
  }
  const parsed = parseImageReference(image);
  if (!parsed.ok) return { ok: false, message: `Unable to fetch image "${image}": failed to resolve image to digest: ${parsed.error} ${catalogueSentence()}` };
  const ref = parsed.reference;
  const registry = ref.domain === 'docker.io' ? 'index.docker.io' : ref.domain;
  const tagOrDigest = ref.digest ?? ref.tag ?? 'latest';
  const known = resolveImage(`${ref.domain}/${ref.path}:latest`).ok || resolveImage(`${ref.domain}/${ref.path}`).ok;
  const error = known
    ? `GET https://${registry}/v2/${ref.path}/manifests/${tagOrDigest}: MANIFEST_UNKNOWN: manifest unknown; unknown tag=${tagOrDigest}`
    : ref.domain === 'docker.io'
      ? `GET https://${registry}/v2/${ref.path}/manifests/${tagOrDigest}: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:${ref.path} Type:repository]]`
      : `GET https://${registry}/token?scope=repository%3A${encodeURIComponent(ref.path)}%3Apull&service=${registry}: DENIED: requested access to the resource is denied`;
  return { ok: false, message: `Unable to fetch image "${image}": failed to resolve image to digest: ${error} ${catalogueSentence()}` };
}
