// The shape of every "apply a pinned manifest, then wait for it" step: download and verify, apply with
// upstream's retries (the webhook may not answer yet right after an install), wait for readiness, record it.
import { readFileSync } from 'node:fs';
import { sha256 } from '../downloads.js';
import { readMarker, writeMarker } from '../marker.js';
import type { Waits } from '../plan-options.js';
import { StepFailure, type ProvisionStep } from '../step.js';
import type { ProvisionTools } from '../provision-tools.js';

export interface ManifestStepSpec {
  id: string;
  title: string;
  after: readonly string[];
  /** The pinned file's id (release.ts). */
  file: string;
  /** Waits after the apply; `once` true: check now without waiting (for inPlace). */
  ready: (tools: ProvisionTools, once: boolean) => Promise<boolean>;
  fix: string;
}

export function applyManifestStep(spec: ManifestStepSpec, waits: Waits): ProvisionStep {
  return {
    id: spec.id,
    title: spec.title,
    after: spec.after,
    fix: spec.fix,
    async inPlace(tools) {
      const path = await tools.download(spec.file);
      const marker = await readMarker(tools);
      if (marker[spec.id] !== fingerprint(path)) return false;
      const present = await tools.kubectl(['get', '-f', path, '-o', 'name']);
      return present.code === 0 && (await spec.ready(tools, true));
    },
    async run(tools) {
      tools.detail(`downloading ${spec.file}`);
      const path = await tools.download(spec.file);
      await applyWithRetries(tools, path, waits);
      let waitingFor = 'waiting until it is ready';
      const stepTools = tools.forStep((detail) => {
        waitingFor = detail;
        tools.detail(detail);
      });
      tools.detail(waitingFor);
      if (!(await spec.ready(stepTools, false))) throw new StepFailure(`${spec.title} did not become ready: ${waitingFor}`, `${tools.output()}\n${stepTools.output()}`.trim());
      await writeMarker(tools, spec.id, fingerprint(path));
    },
  };
}

export async function applyWithRetries(tools: ProvisionTools, pathOrDash: string, waits: Waits, input?: string): Promise<void> {
  await tools.retry({ attempts: waits.applyAttempts, delayMs: waits.applyDelayMs, what: 'kubectl apply was refused (often the webhook starting)' }, async () => {
    const applied = await tools.kubectl(['apply', '-f', pathOrDash], input === undefined ? {} : { input });
    return applied.code === 0;
  });
}

export function fingerprint(path: string): string {
  return sha256(readFileSync(path));
}
