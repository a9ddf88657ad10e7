// Knative Serving's and Kourier's system components: they log their start in Knative's JSON logging format
// (zap: severity, timestamp, logger, caller, message, plus commit and pod), then stay up until SIGTERM.
// The lines are ours, shaped like the real ones; the work these programs do is the sandbox's Knative controllers'.
import type { ProgramContext, ProgramDefinition } from './program.js';

/** The source commit the pinned release's binaries report (a stand-in: 7 hex digits as Knative prints). */
const COMMIT = '5b9330a';

function jsonLogger(context: ProgramContext, logger: string): (caller: string, message: string, fields?: Record<string, unknown>) => void {
  return (caller, message, fields = {}) =>
    context.log(
      JSON.stringify({
        severity: 'INFO',
        timestamp: new Date().toISOString(),
        logger,
        caller,
        message,
        commit: COMMIT,
        'knative.dev/pod': context.hostname,
        ...fields,
      }),
    );
}

/** A component that logs its start-up and serves until told to stop. */
function component(binary: string, logger: string, startup: ReadonlyArray<[string, string, Record<string, unknown>?]>): ProgramDefinition {
  return {
    binaries: [binary, `/ko-app/${binary}`],
    start(context) {
      const log = jsonLogger(context, logger);
      for (const [caller, message, fields] of startup) log(caller, message, fields);
      return {
        signal(name) {
          if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
          log('sharedmain/main.go:310', 'Shutting down: the context was cancelled');
          context.exit(0);
          return true;
        },
      };
    },
  };
}

export const knativeActivator = component('activator', 'activator', [
  ['activator/main.go:132', 'Starting the knative activator'],
  ['activator/main.go:171', 'Connecting to the autoscaler', { url: 'ws://autoscaler.knative-serving.svc.cluster.local:8080' }],
  ['websocket/connection.go:162', 'Connected to the autoscaler websocket'],
  ['activator/main.go:254', 'Serving requests', { http1: ':8012', h2c: ':8013' }],
]);

export const knativeAutoscaler = component('autoscaler', 'autoscaler', [
  ['autoscaler/main.go:108', 'Starting the knative autoscaler'],
  ['leaderelection/context.go:150', 'Leader of bucket acquired', { bucket: 'autoscaler-bucket-00-of-01' }],
  ['statserver/server.go:90', 'Stat server listening for activator reports', { address: ':8080' }],
]);

export const knativeController = component('controller', 'controller', [
  ['sharedmain/main.go:286', 'Starting configuration manager'],
  ['sharedmain/main.go:292', 'Registering controllers', { count: 9 }],
  ['controller/controller.go:496', 'Starting informers and reconcilers'],
  ['leaderelection/context.go:150', 'Leader elected for all reconciler buckets'],
]);

export const knativeWebhook = component('webhook', 'webhook', [
  ['sharedmain/main.go:286', 'Starting configuration manager'],
  ['certificates/certificates.go:67', 'Generated the webhook serving certificate', { secret: 'serving-certs' }],
  ['webhook/webhook.go:226', 'Webhook listening for admission requests', { address: ':8443' }],
]);

export const kourierController = component('kourier', 'net-kourier-controller', [
  ['kourier/main.go:44', 'Starting the Kourier controller'],
  ['generator/caches.go:108', 'Initial xDS snapshot built', { listeners: 3 }],
  ['server/server.go:72', 'xDS server listening', { address: ':18000' }],
]);

/** queue-proxy: the sidecar of every revision pod. Idle here: the sandbox's Knative data plane does its work. */
export const queueProxy: ProgramDefinition = {
  binaries: ['queue', '/ko-app/queue'],
  start(context) {
    const log = jsonLogger(context, 'queueproxy');
    const userPort = context.env.USER_PORT ?? '8080';
    log('sharedmain/main.go:260', 'Starting queue-proxy', { knative_revision: context.env.SERVING_REVISION ?? '' });
    log('sharedmain/main.go:301', 'Proxying to the user container', { 'queue-port': context.env.QUEUE_SERVING_PORT ?? '8012', 'user-port': userPort });
    return {
      signal(name) {
        if (name !== 'SIGTERM') return false;
        log('sharedmain/main.go:352', 'Received TERM signal, draining before exit');
        context.exit(0);
        return true;
      },
    };
  },
};

/** Envoy as Kourier's gateway: Envoy's own `[time][pid][level][logger] [source] message` lines. */
export const envoy: ProgramDefinition = {
  binaries: ['envoy', '/usr/local/bin/envoy'],
  start(context) {
    const line = (logger: string, source: string, message: string): void => {
      const t = new Date().toISOString().replace('T', ' ').replace('Z', '');
      context.log(`[${t}][1][info][${logger}] [${source}] ${message}`);
    };
    line('main', 'source/server/server.cc:436', 'initializing epoch 0 (base id=1, hot restart version=11.104)');
    line('main', 'source/server/server.cc:961', 'runtime: {}');
    line('admin', 'source/server/admin/admin.cc:66', 'admin address: 127.0.0.1:9901');
    line('config', 'source/common/config/grpc_mux_impl.cc:217', 'gRPC mux connected to xds_cluster (net-kourier-controller.knative-serving:18000)');
    line('main', 'source/server/server.cc:1016', 'all clusters initialized. initializing init manager');
    line('config', 'source/common/listener_manager/listener_manager_impl.cc:944', 'all dependencies initialized. starting workers');
    return {
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        line('main', 'source/server/server.cc:1031', 'caught ENVOY_SIGTERM');
        line('main', 'source/server/server.cc:1172', 'shutting down server instance');
        context.exit(0);
        return true;
      },
    };
  },
};
