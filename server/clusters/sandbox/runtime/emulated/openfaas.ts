// OpenFaaS CE's system components as the chart installs them: the gateway (whose port 8080 is the sandbox's own
// OpenFaaS gateway, so `kubectl port-forward svc/gateway` reaches the same API as the NodePort), faas-netes,
// NATS Streaming, the queue-worker, Prometheus and Alertmanager. Start-up lines are ours, in each program's log
// format; the work they stand for is done by openfaas/gateway/.
import { goLogTime, sendText, type HttpHandler, type ProgramContext, type ProgramDefinition } from './program.js';

/** The name under which the sandbox registers the OpenFaaS gateway's handler (ContainerRuntime.sandboxHandlers). */
export const OPENFAAS_GATEWAY_HANDLER = 'openfaas-gateway';

/** A Go program logging with the standard `log` package; SIGTERM ends it (its own handler, exit 0). */
function goComponent(binaries: string[], lines: (context: ProgramContext) => string[], http?: (context: ProgramContext) => (port: number) => HttpHandler | undefined): ProgramDefinition {
  return {
    binaries,
    start(context) {
      for (const line of lines(context)) context.log(`${goLogTime()} ${line}`);
      return {
        ...(http ? { http: http(context) } : {}),
        signal(name) {
          if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
          context.exit(0);
          return true;
        },
      };
    },
  };
}

const gateway = goComponent(
  ['./gateway', 'gateway', '/home/app/gateway'],
  (c) => [
    `OpenFaaS Gateway - Community Edition (CE)`,
    `Version: 0.27.13 SHA: 5e9d8fa3d2b1c9a0f6e4d7b3a1c2e8f9d0b4a6c3`,
    `HTTP Read Timeout: ${c.env.read_timeout ?? '65s'}`,
    `HTTP Write Timeout: ${c.env.write_timeout ?? '65s'}`,
    `Upstream timeout: ${c.env.upstream_timeout ?? '60s'}`,
    `Binding to external function provider: ${c.env.functions_provider_url ?? 'http://127.0.0.1:8081/'}`,
    `Async enabled: Using NATS Streaming at ${c.env.faas_nats_address ?? 'nats'}:${c.env.faas_nats_port ?? '4222'}`,
    `Basic authentication: ${c.env.basic_auth === 'true' ? 'enabled' : 'disabled'}`,
    `Listening on port: 8080`,
  ],
  (c) => (port) => (port === 8080 ? c.sandboxHandler?.(OPENFAAS_GATEWAY_HANDLER) : undefined),
);

const faasNetes = goComponent(['./faas-netes', 'faas-netes'], (c) => [
  `faas-netes - Community Edition (CE)`,
  `Version: 0.18.16 commit: 2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d`,
  `Function namespace: ${c.env.function_namespace ?? 'openfaas-fn'}`,
  `Waiting for caches to sync for the function namespace`,
  `Caches synced`,
  `Listening on port: ${c.env.port ?? '8081'}`,
]);

const queueWorker = goComponent(['queue-worker', '/usr/bin/queue-worker', './queue-worker'], (c) => [
  `Queue worker - Community Edition (CE)`,
  `Version: 0.14.2 Git Commit: 9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d`,
  `Connect: nats://${c.env.faas_nats_address ?? 'nats.openfaas.svc.cluster.local'}:${c.env.faas_nats_port ?? '4222'}`,
  `Subscribed to: faas-request, queue group: ${c.env.faas_nats_queue_group ?? 'faas'}`,
  `Max in-flight: ${c.env.max_inflight ?? '1'}, ack wait: ${c.env.ack_wait ?? '60s'}`,
]);

/** NATS Streaming logs `[1] <date time.micro> [INF] ...`. */
const nats: ProgramDefinition = {
  binaries: ['/nats-streaming-server', 'nats-streaming-server'],
  start(context) {
    const line = (text: string): void => {
      const iso = new Date().toISOString();
      context.log(`[1] ${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 23)}000 [INF] ${text}`);
    };
    line('STREAM: Starting nats-streaming-server[faas-cluster] version 0.25.6');
    line('Starting nats-server');
    line('  Version:  2.9.23');
    line('Listening for client connections on 0.0.0.0:4222');
    line('Server is ready');
    line('STREAM: Recovering the state...');
    line('STREAM: No recovered state');
    line('STREAM: Message store is MEMORY');
    return {
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        line('STREAM: Shutting down.');
        context.exit(0);
        return true;
      },
    };
  },
};

/** Prometheus and Alertmanager log with go-kit's logfmt; both answer their health and readiness endpoints. */
function logfmt(context: ProgramContext, caller: string, msg: string, extra = ''): void {
  context.log(`ts=${new Date().toISOString()} caller=${caller} level=info msg="${msg}"${extra ? ` ${extra}` : ''}`);
}

const prometheus: ProgramDefinition = {
  binaries: ['/bin/prometheus', 'prometheus'],
  start(context) {
    logfmt(context, 'main.go:580', 'Starting Prometheus Server', 'mode=server version="(version=2.54.1, branch=HEAD)"');
    logfmt(context, 'web.go:571', 'Start listening for connections', 'component=web address=0.0.0.0:9090');
    logfmt(context, 'main.go:1176', 'Loading configuration file', 'filename=/etc/prometheus/prometheus.yml');
    logfmt(context, 'main.go:1039', 'Server is ready to receive web requests.');
    return {
      http: (port) =>
        port !== 9090
          ? undefined
          : (req, res) => {
              const path = (req.url ?? '/').split('?')[0];
              if (path === '/-/healthy') sendText(res, 200, 'Prometheus Server is Healthy.\n');
              else if (path === '/-/ready') sendText(res, 200, 'Prometheus Server is Ready.\n');
              else if (path === '/') sendText(res, 302, '<a href="/graph">Found</a>.\n\n', { Location: '/graph', 'Content-Type': 'text/html; charset=utf-8' });
              else sendText(res, 404, '404 page not found\n');
            },
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        logfmt(context, 'main.go:847', 'Received SIGTERM, exiting gracefully...');
        context.exit(0);
        return true;
      },
    };
  },
};

const alertmanager: ProgramDefinition = {
  binaries: ['/bin/alertmanager', 'alertmanager'],
  start(context) {
    logfmt(context, 'main.go:181', 'Starting Alertmanager', 'version="(version=0.27.0, branch=HEAD)"');
    logfmt(context, 'coordinator.go:113', 'Loading configuration file', 'component=configuration file=/alertmanager.yml');
    logfmt(context, 'tls_config.go:313', 'Listening on', 'address=[::]:9093');
    return {
      http: (port) =>
        port !== 9093
          ? undefined
          : (req, res) => {
              const path = (req.url ?? '/').split('?')[0];
              if (path === '/-/healthy' || path === '/-/ready') sendText(res, 200, 'OK');
              else sendText(res, 404, '404 page not found\n');
            },
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        logfmt(context, 'main.go:542', 'Received SIGTERM, exiting gracefully...');
        context.exit(0);
        return true;
      },
    };
  },
};

export const OPENFAAS_PROGRAMS: Readonly<Record<string, ProgramDefinition>> = {
  'openfaas-gateway': gateway,
  'openfaas-faas-netes': faasNetes,
  'openfaas-queue-worker': queueWorker,
  'nats-streaming': nats,
  prometheus,
  alertmanager,
};
