// config-autoscaler as the KPA reads it, at every tick: a value that does not parse keeps the last good
// configuration, as Knative's config watcher does.
import type { ControllerContext } from '../../controllers/controller-context.js';
import { autoscalerDefaults, readAutoscalerConfig, type AutoscalerConfig } from '../install/config-autoscaler.js';
import { CONFIG_AUTOSCALER } from '../install/constants.js';
import { configMapData } from './knative-config.js';

export type { AutoscalerConfig };

/** The last configuration that parsed, per sandbox (its store): one sandbox's bad edit must not reach another. */
const lastGood = new WeakMap<object, AutoscalerConfig>();

export function autoscalerSettings(ctx: ControllerContext): AutoscalerConfig {
  const data = configMapData(ctx, CONFIG_AUTOSCALER);
  try {
    lastGood.set(ctx.store, readAutoscalerConfig(data));
  } catch {
    // keep the last good one
  }
  return lastGood.get(ctx.store) ?? autoscalerDefaults;
}
