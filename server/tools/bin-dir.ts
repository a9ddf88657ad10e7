// The project's bin/ (beside package.json, where bin/kubeclass.js lives): `kubeclass tools` installs there by
// default, and the server can put it first on PATH for its own commands and the learners' terminals.
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

/** <repo>/bin (server/tools/ is dist/server/tools/ once built). */
export function projectBinDir(): string {
  return fileURLToPath(new URL('../../../bin', import.meta.url));
}

/** PATH with the project's bin/ first (once). */
export function pathWithProjectBin(path: string | undefined): string {
  const bin = projectBinDir();
  const rest = (path ?? '').split(delimiter).filter((entry) => entry !== '' && entry !== bin);
  return [bin, ...rest].join(delimiter);
}
