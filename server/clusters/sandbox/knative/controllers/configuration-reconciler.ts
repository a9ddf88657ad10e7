// A Configuration stamps a Revision out of each new template (`<configuration>-00001`, `-00002`, ... by its
// generation, or the template's own name) and reports the latest created and the latest ready one.
import type { KubeObject } from '../../kube-object.js';
import { isRecord } from '../../kube-object.js';
import { controllerRef } from '../../controllers/owner.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { buildConditions, condition, conditionsOf, type ConditionInput } from './conditions.js';
import { knativeType, LABEL } from './knative-types.js';
import { defaultRevisionSpec } from './revision-defaults.js';
import { spec, status, str, writeStatus } from './reconcile.js';

const SOURCE = { component: 'configuration-controller' };

export function revisionNameFor(cfg: KubeObject): string {
  const template = isRecord(spec(cfg).template) ? (spec(cfg).template as Record<string, unknown>) : {};
  const meta = isRecord(template.metadata) ? template.metadata : {};
  return str(meta.name) ?? `${cfg.metadata.name}-${String(cfg.metadata.generation ?? 1).padStart(5, '0')}`;
}

export function reconcileConfiguration(ctx: ControllerContext, namespace: string, name: string): void {
  const cfgType = knativeType(ctx.registry, 'configurations');
  const revType = knativeType(ctx.registry, 'revisions');
  if (!cfgType || !revType) return;
  const cfg = ctx.store.get(cfgType, namespace, name);
  if (!cfg || cfg.metadata.deletionTimestamp) return;
  const template = isRecord(spec(cfg).template) ? (spec(cfg).template as Record<string, unknown>) : {};
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const revName = revisionNameFor(cfg);
  const generation = cfg.metadata.generation ?? 1;
  let rev = ctx.store.get(revType, namespace, revName);
  if (!rev) {
    const labels: Record<string, string> = {
      ...(isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {}),
      [LABEL.configuration]: name,
      [LABEL.configurationGeneration]: String(generation),
      [LABEL.configurationUid]: cfg.metadata.uid as string,
      [LABEL.routingState]: 'pending',
    };
    const service = cfg.metadata.labels?.[LABEL.service];
    if (service) {
      labels[LABEL.service] = service;
      labels[LABEL.serviceUid] = cfg.metadata.labels?.[LABEL.serviceUid] ?? '';
    }
    const annotations = { ...(isRecord(meta.annotations) ? (meta.annotations as Record<string, string>) : {}), ...pickCreator(cfg) };
    rev = ctx.createObject(revType, {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: { name: revName, namespace, labels, annotations, ownerReferences: [controllerRef(cfg)] },
      spec: defaultRevisionSpec(isRecord(template.spec) ? template.spec : {}),
    });
    ctx.events.record(cfg, 'Normal', 'Created', `Created Revision "${revName}"`, SOURCE);
  } else if (rev.metadata.labels?.[LABEL.configuration] !== name) {
    writeStatus(ctx, cfgType, cfg, {
      observedGeneration: generation,
      conditions: buildConditions(conditionsOf(cfg), {
        Ready: { status: 'False', reason: 'RevisionFailed', message: `Revision "${revName}" failed with message: revision "${revName}" is not owned by Configuration "${name}".` },
      }),
    });
    return;
  }
  const previous = status(cfg);
  let latestReady = str(previous.latestReadyRevisionName);
  const revReady = condition(rev, 'Ready');
  let ready: ConditionInput = { status: 'Unknown' };
  if (revReady?.status === 'True') {
    if (latestReady !== revName) ctx.events.record(cfg, 'Normal', 'LatestReadyUpdate', `LatestReadyRevisionName updated to "${revName}"`, SOURCE);
    latestReady = revName;
    ready = { status: 'True' };
  } else if (revReady?.status === 'False') {
    ready = { status: 'False', reason: 'RevisionFailed', message: `Revision "${revName}" failed with message: ${revReady.message ?? revReady.reason ?? ''}.` };
  }
  if (latestReady && !ctx.store.get(revType, namespace, latestReady)) latestReady = undefined;
  writeStatus(ctx, cfgType, cfg, {
    observedGeneration: generation,
    conditions: buildConditions(conditionsOf(cfg), { Ready: ready }),
    ...(latestReady ? { latestReadyRevisionName: latestReady } : {}),
    latestCreatedRevisionName: revName,
  });
}

function pickCreator(cfg: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const a = cfg.metadata.annotations ?? {};
  if (a['serving.knative.dev/creator']) out['serving.knative.dev/creator'] = a['serving.knative.dev/creator'];
  if (a['serving.knative.dev/lastModifier']) out['serving.knative.dev/creator'] = a['serving.knative.dev/lastModifier'];
  return out;
}
