// What to do by hand when kubeclass cannot download a tool (no network, a proxy, an unsupported OS): the
// upstream address, the sum to check it against, and where to put it.
import { basename, join } from 'node:path';
import type { ToolPin, ToolPlatform } from './tool-pins.js';

/** The steps for one tool, indented to sit under a heading. */
export function manualSteps(pin: ToolPin, platform: ToolPlatform, dir: string): string {
  const artifact = pin.artifacts[platform];
  const file = basename(new URL(artifact.url).pathname);
  const dest = join(dir, pin.name);
  const shaTool = platform.startsWith('darwin') ? 'shasum -a 256' : 'sha256sum';
  const sum = artifact.sha256
    ? `${artifact.sha256}  (pinned in kubeclass; check with: ${shaTool} ${file})`
    : `the one published at ${artifact.url}${pin.sumSuffix}  (check with: ${shaTool} ${file})`;
  const member = pin.archiveMember?.(platform);
  const install = member
    ? `tar -xzf ${file} ${member} && mkdir -p ${dir} && mv ${member} ${dest} && chmod 755 ${dest}`
    : `mkdir -p ${dir} && mv ${file} ${dest} && chmod 755 ${dest}`;
  return `  ${pin.name} ${pin.tag}\n    download  ${artifact.url}\n    sha256    ${sum}\n    install   ${install}\n`;
}

/** For an OS or CPU kubeclass does not install for: where each tool comes from. */
export function unsupportedHint(pins: readonly ToolPin[], reason: string, windows: boolean): string {
  const lines = pins.map((pin) => `  ${pin.name} ${pin.tag}: ${windows ? `${pin.windowsUrl} (see ${pin.docsUrl})` : pin.docsUrl}\n`);
  return `kubeclass tools: ${reason}. Install these by hand and put them on your PATH:\n${lines.join('')}`;
}
