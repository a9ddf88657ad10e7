// The `kubeclass` command. `kubeclass start` serves the playground until Ctrl-C or SIGTERM, then ends every
// shell it started before exiting.
import { clusterCommand } from './clusters/cluster-command.js';
import { parseClassroomConfig, CLASSROOM_USAGE } from './classroom/classroom-config.js';
import { startClassroom, type RunningClassroom } from './classroom/classroom-main.js';
import { imagesCommand } from './clusters/kind/images/images-command.js';
import { CONTEXT_NAME, writeKubeconfig } from './clusters/sandbox/kubeconfig.js';
import { startSandbox, type RunningSandbox } from './clusters/sandbox/sandbox-server.js';
import { ConfigError, parseSandboxConfig, parseStartConfig, SANDBOX_USAGE, START_USAGE } from './config.js';
import { lessonCommand } from './lessons/lint-command.js';
import { startServer, type RunningServer } from './main.js';
import { toolsCommand } from './tools/tools-command.js';

const USAGE = `Usage: kubeclass <command> [options]

Commands:
  start     serve the playground (what npm start runs)
  sandbox   run one sandbox cluster (a Kubernetes API for kubectl, no Docker) until Ctrl-C
  cluster   the kind cluster: \`cluster up\` creates or repairs it (Knative, Kourier, OpenFaaS), \`down\`, \`status\`
  images    \`images save FILE\` / \`load FILE\`: every image the cluster needs, for poor networks
  classroom a workshop: learners join with a code, each in a private environment; the instructor sees the room
  lesson    lesson tools: \`kubeclass lesson lint [dir...]\` validates lessons
  tools     installs the pinned kind, kubectl, faas-cli and helm into bin/, SHA-256 checked (--check: report)

Run kubeclass <command> --help for a command's options.
`;

async function start(argv: string[]): Promise<number> {
  const config = parseStartConfig(argv, process.env);
  const log = config.quiet ? () => {} : (message: string) => process.stderr.write(`kubeclass: ${message}\n`);
  let server: RunningServer;
  try {
    server = await startServer(config, log);
  } catch (error) {
    process.stderr.write(`kubeclass: ${(error as Error).message}\n`);
    return 1;
  }
  if (config.quiet) {
    process.stdout.write(`${server.url}\n`);
  } else {
    process.stdout.write(
      `\nkubeclass is running. Open this address in your browser:\n\n    ${server.url}\n\n` +
        `Data: ${config.dataDir}\nPress Ctrl-C to stop.\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      // A second Ctrl-C: do not wait for shells to end gracefully.
      server.killNow();
      process.exit(130);
    }
    stopping = true;
    log(`${signal}: stopping, ending every shell`);
    const force = setTimeout(() => {
      server.killNow();
      process.exit(1);
    }, 5000);
    force.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // Whatever happens, no shell outlives the server.
  process.on('exit', () => server.killNow());
  return new Promise<number>(() => {});
}

async function sandbox(argv: string[]): Promise<number> {
  const config = parseSandboxConfig(argv);
  let running: RunningSandbox;
  try {
    running = await startSandbox({ port: config.port, host: config.host });
  } catch (error) {
    process.stderr.write(`kubeclass: ${(error as Error).message}\n`);
    return 1;
  }
  writeKubeconfig(config.kubeconfig, running.url, running.token, running.caPem);
  const gateway =
    (running.ingress
      ? `Knative Serving (Kourier) answers at http://${running.ingress.host}${running.ingress.port === 80 ? '' : `:${running.ingress.port}`} (curl -H "Host: <ksvc>.<namespace>.${running.ingress.host}.sslip.io").\n`
      : '') + (running.openfaas ? `The OpenFaaS gateway answers at http://${running.openfaas.host}:${running.openfaas.port} (user admin, password in the basic-auth Secret).\n` : '');
  process.stdout.write(
    `\nA sandbox cluster is running at ${running.url} (context ${CONTEXT_NAME}). ${gateway}In another shell:\n\n` +
      `    export KUBECONFIG=${config.kubeconfig}\n    kubectl get nodes\n\nPress Ctrl-C to stop it.\n`,
  );
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}

async function classroom(argv: string[]): Promise<number> {
  const config = parseClassroomConfig(argv, process.env);
  const log = (message: string): void => void process.stderr.write(`kubeclass: ${message}\n`);
  let running: RunningClassroom;
  try {
    running = await startClassroom(config, log);
  } catch (error) {
    process.stderr.write(`kubeclass: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `\nThe classroom is open. Instructor (keep this address to yourself):\n\n    ${running.instructorUrl}\n\n` +
      `Learners open this address and enter their name:\n\n    ${running.joinUrl}\n\nor go to ${running.joinUrl.replace(/\/join\?code=.*/, '/join')} and type the code ${running.joinCode}\n\nPress Ctrl-C to close it (everything is kept for the next start).\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => {});
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'sandbox':
      return sandbox(rest);
    case 'cluster':
      return clusterCommand(rest, (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env, {}, { tty: process.stdout.isTTY === true });
    case 'classroom':
      return classroom(rest);
    case 'images':
      return imagesCommand(rest, (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env);
    case 'lesson':
      return lessonCommand(rest, (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env);
    case 'tools':
      return toolsCommand(rest, (t) => process.stdout.write(t), (t) => process.stderr.write(t), process.env, {
        terminal: process.stdout.isTTY ? { columns: process.stdout.columns || 80 } : undefined,
      });
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`kubeclass: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      const text = error.message;
      const isHelp = text === START_USAGE || text === SANDBOX_USAGE || text === CLASSROOM_USAGE;
      (isHelp ? process.stdout : process.stderr).write(isHelp ? text : `kubeclass: ${text}\n`);
      process.exit(isHelp ? 0 : 2);
    }
    process.stderr.write(`kubeclass: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
