// Small HTTP servers used in tutorials: http-echo, whoami, hello-app, echo-server, pause, Knative's
// helloworld-go (OpenFaaS's watchdog is in classic-watchdog.ts). A Go program without signal.Notify still dies of SIGTERM as PID 1:
// the Go runtime installs its own handler, which exits (status 2) when nothing subscribed to the signal.
import { flagValue, goLogTime, goRuntimeExit, portOf, remoteAddress, sendText, type ProgramDefinition } from './program.js';

export const httpEcho: ProgramDefinition = {
  binaries: ['http-echo', '/http-echo'],
  start(context) {
    const text = flagValue(context.argv, 'text');
    if (text === undefined) {
      context.log(`${goLogTime()} [ERR] Missing -text option!`);
      context.exit(127);
      return {};
    }
    const listen = flagValue(context.argv, 'listen') ?? context.env.ECHO_LISTEN ?? ':5678';
    const port = portOf(listen, 5678);
    context.log(`${goLogTime()} [INFO] server is listening on ${listen}`);
    return {
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              const body = `${text}\n`;
              sendText(res, 200, body, { 'X-App-Name': 'http-echo', 'X-App-Version': '1.0.0' });
              context.log(`${goLogTime()} ${req.headers.host ?? ''} ${remoteAddress(req)} "${req.method} ${req.url} HTTP/${req.httpVersion}" 200 ${Buffer.byteLength(body)} "${req.headers['user-agent'] ?? ''}" 12.3µs`);
            },
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        context.log(`${goLogTime()} [INFO] server is shutting down`);
        context.exit(0);
        return true;
      },
    };
  },
};

export const whoami: ProgramDefinition = {
  binaries: ['whoami', '/whoami'],
  start(context) {
    const port = portOf(flagValue(context.argv, 'port') ?? context.env.WHOAMI_PORT_NUMBER, 80);
    context.log(`${goLogTime()} Starting up on port ${port}`);
    return {
      signal: goRuntimeExit(context),
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              const lines = [`Hostname: ${context.hostname}`, 'IP: 127.0.0.1', 'IP: ::1', `IP: ${context.podIP}`];
              lines.push(`RemoteAddr: ${remoteAddress(req)}`, `${req.method} ${req.url} HTTP/${req.httpVersion}`);
              lines.push(`Host: ${req.headers.host ?? ''}`);
              for (let i = 0; i < req.rawHeaders.length; i += 2) {
                const name = req.rawHeaders[i] ?? '';
                if (name.toLowerCase() !== 'host') lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
              }
              sendText(res, 200, `${lines.join('\n')}\n\n`);
            },
    };
  },
};

export const helloApp: ProgramDefinition = {
  binaries: ['hello-app', '/hello-app'],
  start(context) {
    const port = portOf(context.env.PORT, 8080);
    const version = context.tag === '2.0' ? '2.0.0' : '1.0.0';
    context.log(`${goLogTime()} Server listening on port ${port}`);
    return {
      signal: goRuntimeExit(context),
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              context.log(`${goLogTime()} Serving request: ${(req.url ?? '/').split('?')[0]}`);
              sendText(res, 200, `Hello, world!\nVersion: ${version}\nHostname: ${context.hostname}\n`);
            },
    };
  },
};

export const echoServer: ProgramDefinition = {
  binaries: ['echo-server', '/echo-server'],
  start(context) {
    const port = portOf(context.env.PORT, 8080);
    context.log(`Echo server listening on port ${port}.`);
    return {
      signal: goRuntimeExit(context),
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              const headers: string[] = [];
              for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
              sendText(res, 200, `Request served by ${context.hostname}\n\n${req.method} ${req.url} HTTP/${req.httpVersion}\n\n${headers.join('\n')}\n`);
            },
    };
  },
};

export const pause: ProgramDefinition = {
  binaries: ['pause', '/pause'],
  start(context) {
    return {
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        context.log(`Shutting down, got signal: ${name === 'SIGTERM' ? 'Terminated' : 'Interrupt'}`);
        context.exit(0);
        return true;
      },
    };
  },
};

export const helloworldGo: ProgramDefinition = {
  binaries: ['server', '/server', 'helloworld-go', '/ko-app/helloworld-go'],
  start(context) {
    const port = portOf(context.env.PORT, 8080);
    context.log(`${goLogTime()} helloworld: starting server...`);
    context.log(`${goLogTime()} helloworld: listening on port ${port}`);
    return {
      signal: goRuntimeExit(context),
      http: (p) =>
        p !== port
          ? undefined
          : (_req, res) => {
              context.log(`${goLogTime()} helloworld: received a request`);
              sendText(res, 200, `Hello ${context.env.TARGET ?? 'World'}!\n`);
            },
    };
  },
};
