// Which build of each tool this machine needs: Node's platform and arch names mapped to the ones the
// tools publish under (x64 -> amd64). Windows and other architectures get a manual hint instead.
import type { ToolPlatform } from './tool-pins.js';

export type PlatformAnswer = { ok: true; platform: ToolPlatform } | { ok: false; reason: string; windows: boolean };

const OS_NAMES: Partial<Record<NodeJS.Platform, 'linux' | 'darwin'>> = { linux: 'linux', darwin: 'darwin' };
const ARCH_NAMES: Partial<Record<string, 'amd64' | 'arm64'>> = { x64: 'amd64', arm64: 'arm64' };

export function toolPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): PlatformAnswer {
  const os = OS_NAMES[platform];
  if (!os) return { ok: false, reason: `${platform} is not supported by kubeclass tools (Linux and macOS are)`, windows: platform === 'win32' };
  const cpu = ARCH_NAMES[arch];
  if (!cpu) return { ok: false, reason: `the ${arch} architecture is not supported by kubeclass tools (x64 and arm64 are)`, windows: false };
  return { ok: true, platform: `${os}-${cpu}` };
}
