// config-autoscaler as the KPA reads it, at every tick: a value that does not parse keeps the last good
// configuration, as Knative's config watcher does.
import { isRecord } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { autoscalerDefaults, readAutoscalerConfig, type AutoscalerConfig } from '../install/config-autoscaler.js';
import { CONFIG_AUTOSCALER, KNATIVE_SERVING_NAMESPACE } from '../install/constants.js';

export type { AutoscalerConfig };

let lastGood: AutoscalerConfig = autoscalerDefaults;

export function autoscalerSettings(ctx: ControllerContext): AutoscalerConfig {
  const cm = ctx.registry.find('', 'v1', 'configmaps');
  const obj = cm ? ctx.store.get(cm, KNATIVE_SERVING_NAMESPACE, CONFIG_AUTOSCALER) : undefined;
  const data: Record<string, string> = {};
  if (obj && isRecord(obj.data)) for (const [k, v] of Object.entries(obj.data)) if (typeof v === 'string') data[k] = v;
  try {
    lastGood = readAutoscalerConfig(data);
  } catch {
    // keep lastGood
  }
  return lastGood;
}
