// The release files each chain installs, fetched and verified first (beside `kind create cluster`): offline or
// with a damaged download, the run says so in its first seconds, before anything is installed.
import type { ProvisionStep } from '../step.js';

export function releaseFilesStep(id: string, title: string, files: readonly string[]): ProvisionStep {
  return {
    id,
    title,
    after: [],
    fix: 'connect to the internet once (downloads are cached), or set KUBECLASS_MIRROR to a folder holding the files',
    async run(tools) {
      tools.detail(`downloading and verifying ${files.join(', ')}`);
      await Promise.all(files.map((f) => tools.download(f)));
    },
  };
}
