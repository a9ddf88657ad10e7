// `cluster up` and `start --cluster kind` in one place: where the kind cluster's kubeconfig lives, the
// environment its tools run in (kubeclass's own bin/ first), the mirror and cache of downloads, and one run of
// the plan with its progress reported.
import { join } from 'node:path';
import { DEFAULT_PLAN_OPTIONS, buildPlan } from './plan.js';
import type { PlanOptions } from './plan-options.js';
import { PinnedDownloads } from './downloads.js';
import { ProvisionTools, type Exec } from './provision-tools.js';
import { runPlan, type ProvisionView } from './runner.js';
import type { PinnedFile } from './release.js';
import { pathWithProjectBin } from '../../../tools/bin-dir.js';

export interface KindProvisionOptions {
  dataDir: string;
  cacheDir: string;
  env: Readonly<Record<string, string | undefined>>;
  plan?: Partial<PlanOptions>;
  /** Run every step, even those in place. */
  force?: boolean;
  signal?: AbortSignal;
  onChange?: (view: ProvisionView) => void;
  /** Told about sums recorded on first use. */
  note?: (message: string) => void;
  /** Tests: the programs, and release files other than the pinned ones. */
  exec?: Exec;
  files?: readonly PinnedFile[];
}

/** The kind cluster's kubeconfig, in the data directory (the terminal and the checkers read it there). */
export function kindKubeconfigPath(dataDir: string): string {
  return join(dataDir, 'kind', 'kubeconfig');
}

/** The server's environment with kubeclass's bin/ (where `kubeclass tools` installs) first on PATH. */
export function toolEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return { ...env, PATH: pathWithProjectBin(env.PATH) };
}

export interface StepInspection {
  id: string;
  title: string;
  state: 'in place' | 'missing' | 'unknown';
  detail?: string;
}

/** Asks every step with an in-place check whether its work is there (the cluster step first: it writes the kubeconfig). */
export async function inspectKind(options: KindProvisionOptions): Promise<StepInspection[]> {
  const { tools, plan } = prepare(options);
  const results: StepInspection[] = [];
  for (const step of plan) {
    if (!step.inPlace) continue;
    try {
      const there = await step.inPlace(tools.forStep(() => undefined));
      results.push({ id: step.id, title: step.title, state: there ? 'in place' : 'missing' });
    } catch (error) {
      results.push({ id: step.id, title: step.title, state: 'unknown', detail: (error as Error).message });
    }
  }
  return results;
}

function prepare(options: KindProvisionOptions) {
  const downloads = new PinnedDownloads({
    cacheDir: options.cacheDir,
    mirror: options.env.KUBECLASS_MIRROR || undefined,
    ...(options.files ? { files: options.files } : {}),
    ...(options.note ? { note: options.note } : {}),
  });
  const tools = new ProvisionTools({
    env: toolEnv(options.env),
    kubeconfig: kindKubeconfigPath(options.dataDir),
    download: (id) => downloads.get(id),
    ...(options.exec ? { exec: options.exec } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const plan = buildPlan({ ...DEFAULT_PLAN_OPTIONS, ...options.plan });
  return { tools, plan };
}

export async function provisionKind(options: KindProvisionOptions): Promise<ProvisionView> {
  const { tools, plan } = prepare(options);
  return runPlan(plan, tools, { ...(options.onChange ? { onChange: options.onChange } : {}), ...(options.force ? { force: true } : {}) });
}
