// The emulated programs by key (CatalogueImage.program).
import { autoscaleGo } from './autoscale-go.js';
import { httpd } from './httpd.js';
import { envoy, knativeActivator, knativeAutoscaler, knativeController, knativeWebhook, kourierController, queueProxy } from './knative.js';
import { nginx } from './nginx.js';
import type { ProgramDefinition } from './program.js';
import { redis } from './redis.js';
import { echoServer, helloApp, helloworldGo, httpEcho, pause, whoami } from './small-servers.js';
import { openfaasWatchdog } from './classic-watchdog.js';
import { OPENFAAS_PROGRAMS } from './openfaas.js';
import { STORE_FUNCTION_PROGRAMS } from './store-functions.js';
import { KUBE_SYSTEM_PROGRAMS } from './kube-system.js';

export const PROGRAMS: Readonly<Record<string, ProgramDefinition>> = {
  nginx,
  httpd,
  redis,
  'http-echo': httpEcho,
  whoami,
  'hello-app': helloApp,
  'echo-server': echoServer,
  pause,
  'helloworld-go': helloworldGo,
  'autoscale-go': autoscaleGo,
  'openfaas-watchdog': openfaasWatchdog,
  'knative-activator': knativeActivator,
  'knative-autoscaler': knativeAutoscaler,
  'knative-controller': knativeController,
  'knative-webhook': knativeWebhook,
  'knative-queue': queueProxy,
  'kourier-controller': kourierController,
  envoy,
  ...OPENFAAS_PROGRAMS,
  ...STORE_FUNCTION_PROGRAMS,
  ...KUBE_SYSTEM_PROGRAMS,
};
