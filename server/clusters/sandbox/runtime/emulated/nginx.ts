// nginx as the official image runs it: the entrypoint's configuration lines, the master's notices, the
// welcome page on port 80, access log lines, and a graceful exit 0 on SIGQUIT (the image's STOPSIGNAL).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { remoteAddress, type ProgramDefinition } from './program.js';

const VERSIONS: Record<string, string> = {
  '1.25': '1.25.5', '1.26': '1.26.3', '1.27': '1.27.5', '1.28': '1.28.0', '1.29': '1.29.0', stable: '1.28.0',
};

export function nginxVersion(tag: string): string {
  const minor = /^(1\.\d+)/.exec(tag)?.[1];
  if (/^1\.\d+\.\d+/.test(tag)) return /^1\.\d+\.\d+/.exec(tag)?.[0] ?? tag;
  if (minor !== undefined) return VERSIONS[minor] ?? `${minor}.0`;
  if (tag.startsWith('stable')) return VERSIONS.stable ?? '1.28.0';
  return '1.29.0';
}

/** The default welcome page's text (a well-known fact of every nginx install). */
export function welcomePage(): string {
  return [
    '<!DOCTYPE html>', '<html>', '<head>', '<title>Welcome to nginx!</title>', '<style>',
    'html { color-scheme: light dark; }', 'body { width: 35em; margin: 0 auto;',
    'font-family: Tahoma, Verdana, Arial, sans-serif; }', '</style>', '</head>', '<body>',
    '<h1>Welcome to nginx!</h1>',
    '<p>If you see this page, the nginx web server is successfully installed and',
    'working. Further configuration is required.</p>', '',
    '<p>For online documentation and support please refer to',
    '<a href="http://nginx.org/">nginx.org</a>.<br/>', 'Commercial support is available at',
    '<a href="http://nginx.com/">nginx.com</a>.</p>', '', '<p><em>Thank you for using nginx.</em></p>',
    '</body>', '</html>', '',
  ].join('\n');
}

function errorPage(status: string, version: string): string {
  return `<html>\n<head><title>${status}</title></head>\n<body>\n<center><h1>${status}</h1></center>\n<hr><center>nginx/${version}</center>\n</body>\n</html>\n`;
}

function nginxTime(date = new Date()): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)}`;
}

function accessTime(date = new Date()): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export const nginx: ProgramDefinition = {
  binaries: ['nginx', 'docker-entrypoint.sh', 'nginx-debug'],
  start(context) {
    const version = nginxVersion(context.tag);
    const viaEntrypoint = (context.argv[0] ?? '').endsWith('docker-entrypoint.sh');
    if (viaEntrypoint) {
      for (const line of [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
      ]) context.log(line);
    }
    const notice = (pid: number, text: string): void => context.log(`${nginxTime()} [notice] ${pid}#${pid}: ${text}`);
    notice(1, 'using the "epoll" event method');
    notice(1, `nginx/${version}`);
    notice(1, 'built by gcc 12.2.0 (Debian 12.2.0-14)');
    notice(1, 'OS: Linux 6.8.0');
    notice(1, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
    notice(1, 'start worker processes');
    notice(1, 'start worker process 29');
    notice(1, 'start worker process 30');
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const ok = path === '/' || path === '/index.html';
      const status = ok ? 200 : 404;
      const body = ok ? welcomePage() : errorPage('404 Not Found', version);
      const length = Buffer.byteLength(body);
      res.writeHead(status, { Server: `nginx/${version}`, Date: new Date().toUTCString(), 'Content-Type': 'text/html', 'Content-Length': String(length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      const agent = req.headers['user-agent'] ?? '-';
      const client = remoteAddress(req).replace(/:\d+$/, '');
      context.log(`${client} - - [${accessTime()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${length} "-" "${agent}" "-"`);
    };
    return {
      http: (port) => (port === 80 ? handler : undefined),
      signal(name) {
        if (name === 'SIGQUIT') {
          notice(1, 'signal 3 (SIGQUIT) received, shutting down');
          for (const pid of [29, 30]) {
            notice(pid, 'gracefully shutting down');
            notice(pid, 'exiting');
            notice(pid, 'exit');
          }
          notice(1, 'signal 17 (SIGCHLD) received from 30');
          notice(1, 'worker process 29 exited with code 0');
          notice(1, 'worker process 30 exited with code 0');
          notice(1, 'exit');
          context.exit(0);
          return true;
        }
        if (name === 'SIGTERM' || name === 'SIGINT') {
          notice(1, `signal ${name === 'SIGTERM' ? 15 : 2} (${name}) received, exiting`);
          notice(1, 'exit');
          context.exit(0);
          return true;
        }
        return false;
      },
    };
  },
};
