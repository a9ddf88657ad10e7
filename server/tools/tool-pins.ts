// The tools `kubeclass tools` installs: versions, where upstream publishes each build, and the SHA-256 of each
// file when one could be found in public sources (see SOURCES below). A pin without a sum is verified against
// the sum upstream publishes beside the file, and the installer says which of the two it used.
import { parseHelmVersion, parseKindVersion, parseKubectlVersion, parseVersion, type Version } from '../clusters/kind/versions.js';

export type ToolName = 'kind' | 'kubectl' | 'faas-cli' | 'helm';
export const TOOL_NAMES: readonly ToolName[] = ['kind', 'kubectl', 'faas-cli', 'helm'];

export type ToolPlatform = 'linux-amd64' | 'linux-arm64' | 'darwin-amd64' | 'darwin-arm64';
export const TOOL_PLATFORMS: readonly ToolPlatform[] = ['linux-amd64', 'linux-arm64', 'darwin-amd64', 'darwin-arm64'];

export interface ToolArtifact {
  /** The upstream address of the file (a mirror keeps its host and path, see mirror.ts). */
  url: string;
  /** SHA-256 of the file at url, or undefined: then the one upstream publishes at url + sumSuffix is used. */
  sha256: string | undefined;
}

export interface ToolPin {
  name: ToolName;
  /** X.Y.Z, compared with what the installed binary reports. */
  version: string;
  /** How the version is shown (kind, kubectl and helm tag with a v; faas-cli does not). */
  tag: string;
  /** Upstream publishes the file's sum at url + this. */
  sumSuffix: '.sha256' | '.sha256sum';
  /** Set when the download is a .tar.gz holding the binary: the member's path in it, per platform. */
  archiveMember?: (platform: ToolPlatform) => string;
  artifacts: Record<ToolPlatform, ToolArtifact>;
  /** Arguments that make the binary print its version, and how to read it. */
  versionArgs: string[];
  parseVersion: (stdout: string) => Version | undefined;
  /** Where Windows users get it by hand (kubeclass installs for Linux and macOS only). */
  windowsUrl: string;
  /** Upstream's install instructions, for platforms kubeclass does not install for. */
  docsUrl: string;
}

/*
 * SOURCES of the pinned sums (each is the SHA-256 of the exact file at the pin's url). Sums were looked up in
 * public code, never computed here (this machine has no internet); a file whose sum was not found has none.
 *
 * kind v0.30.0, all four: f110/mono build/rules/kind/assets.bzl (KIND_ASSETS["0.30.0"]); the same four values
 *   appear in cert-manager-style makefile modules (kind_<os>_<arch>_SHA256SUM) and in several CI scripts that
 *   pin KIND_SHA256 for v0.30.0.
 * kubectl v1.34.0, all four: a Bazel kubectl toolchain file (`_binaries["1.34.0"]`, dl.k8s.io URLs) and a second,
 *   independent Starlark table with the same values; the search index returned both texts without naming their
 *   repositories. linux/amd64 and linux/arm64 also appear in a CI script that pins kind v0.30.0, and linux/arm64
 *   in a Yocto recipe (SRC_URI ...;sha256sum=) and in a kubespray-style checksums.yml.
 * helm v3.22.0, all four: the helm/helm v3.22.0 release notes (github.com/helm/helm/releases/tag/v3.22.0), which
 *   list each tarball's sum beside its .sha256sum link; all four also in an independent CI script
 *   (helm_sha256() by platform), and linux-amd64 / linux-arm64 in several Dockerfiles.
 * faas-cli 0.17.8 (the last 0.17.x: its release notes are followed by 0.18.0's "0.17.8...0.18.0", per
 *   rock-hu/releases-dashboard docs/openfaas/faas-cli/): no published sum found in public code, so none is pinned;
 *   the installer checks against upstream's <url>.sha256.
 */
export const TOOL_PINS: readonly ToolPin[] = [
  {
    name: 'kind',
    version: '0.30.0',
    tag: 'v0.30.0',
    sumSuffix: '.sha256sum',
    artifacts: {
      'linux-amd64': { url: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-linux-amd64', sha256: '517ab7fc89ddeed5fa65abf71530d90648d9638ef0c4cde22c2c11f8097b8889' },
      'linux-arm64': { url: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-linux-arm64', sha256: '7ea2de9d2d190022ed4a8a4e3ac0636c8a455e460b9a13ccf19f15d07f4f00eb' },
      'darwin-amd64': { url: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-darwin-amd64', sha256: '4f0b6e3b88bdc66d922c08469f05ef507d4903dd236e6319199bb9c868eed274' },
      'darwin-arm64': { url: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-darwin-arm64', sha256: 'ceaf40df1d1551c481fb50e3deb5c3deecad5fd599df5469626b70ddf52a1518' },
    },
    versionArgs: ['version'],
    parseVersion: parseKindVersion,
    windowsUrl: 'https://github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-windows-amd64',
    docsUrl: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
  },
  {
    name: 'kubectl',
    version: '1.34.0',
    tag: 'v1.34.0',
    sumSuffix: '.sha256',
    artifacts: {
      'linux-amd64': { url: 'https://dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl', sha256: 'cfda68cba5848bc3b6c6135ae2f20ba2c78de20059f68789c090166d6abc3e2c' },
      'linux-arm64': { url: 'https://dl.k8s.io/release/v1.34.0/bin/linux/arm64/kubectl', sha256: '00b182d103a8a73da7a4d11e7526d0543dcf352f06cc63a1fde25ce9243f49a0' },
      'darwin-amd64': { url: 'https://dl.k8s.io/release/v1.34.0/bin/darwin/amd64/kubectl', sha256: 'a5904061dd5c8e57d55e52c78fa23790e76de30924b26ba31be891e75710d7a9' },
      'darwin-arm64': { url: 'https://dl.k8s.io/release/v1.34.0/bin/darwin/arm64/kubectl', sha256: 'd491f4c47c34856188d38e87a27866bd94a66a57b8db3093a82ae43baf3bb20d' },
    },
    versionArgs: ['version', '--client', '-o', 'json'],
    parseVersion: parseKubectlVersion,
    windowsUrl: 'https://dl.k8s.io/release/v1.34.0/bin/windows/amd64/kubectl.exe',
    docsUrl: 'https://kubernetes.io/docs/tasks/tools/#kubectl',
  },
  {
    name: 'faas-cli',
    version: '0.17.8',
    tag: '0.17.8',
    sumSuffix: '.sha256',
    artifacts: {
      'linux-amd64': { url: 'https://github.com/openfaas/faas-cli/releases/download/0.17.8/faas-cli', sha256: undefined },
      'linux-arm64': { url: 'https://github.com/openfaas/faas-cli/releases/download/0.17.8/faas-cli-arm64', sha256: undefined },
      'darwin-amd64': { url: 'https://github.com/openfaas/faas-cli/releases/download/0.17.8/faas-cli-darwin', sha256: undefined },
      'darwin-arm64': { url: 'https://github.com/openfaas/faas-cli/releases/download/0.17.8/faas-cli-darwin-arm64', sha256: undefined },
    },
    versionArgs: ['version', '--short-version'],
    parseVersion: (stdout) => parseVersion(stdout.trim()),
    windowsUrl: 'https://github.com/openfaas/faas-cli/releases/download/0.17.8/faas-cli.exe',
    docsUrl: 'https://github.com/openfaas/faas-cli/releases/tag/0.17.8',
  },
  {
    name: 'helm',
    version: '3.22.0',
    tag: 'v3.22.0',
    sumSuffix: '.sha256sum',
    archiveMember: (platform) => `${platform}/helm`,
    artifacts: {
      'linux-amd64': { url: 'https://get.helm.sh/helm-v3.22.0-linux-amd64.tar.gz', sha256: '1e4ab49e429626cf6c6958d914248b78c9730803c2751b87627e171dc800e7bb' },
      'linux-arm64': { url: 'https://get.helm.sh/helm-v3.22.0-linux-arm64.tar.gz', sha256: 'f14e804dfee240f55525b667488fe9adca349e63e00c9af634c0beb1421ac310' },
      'darwin-amd64': { url: 'https://get.helm.sh/helm-v3.22.0-darwin-amd64.tar.gz', sha256: 'bd1d09f316558dda23698527859600936fed1371021ce0f2272d66b2fdcfa69c' },
      'darwin-arm64': { url: 'https://get.helm.sh/helm-v3.22.0-darwin-arm64.tar.gz', sha256: '4c9982a6cdeb458b60258df66b55398ca5b19293f6877faffe2909ad6f23dfe0' },
    },
    versionArgs: ['version', '--short'],
    parseVersion: parseHelmVersion,
    windowsUrl: 'https://get.helm.sh/helm-v3.22.0-windows-amd64.zip',
    docsUrl: 'https://helm.sh/docs/intro/install/',
  },
];
