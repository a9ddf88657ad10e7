// Apache httpd (official image): its start notices, "It works!" on port 80, graceful stop on SIGWINCH
// (the image's STOPSIGNAL).
import type { ProgramDefinition } from './program.js';
import { remoteAddress } from './program.js';

function apacheTime(date = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds() * 1000, 6)} ${date.getUTCFullYear()}`;
}

export const httpd: ProgramDefinition = {
  binaries: ['httpd-foreground', 'httpd'],
  start(context) {
    const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${context.podIP}. Set the 'ServerName' directive globally to suppress this message`;
    context.log(fqdn);
    context.log(fqdn);
    context.log(`[${apacheTime()}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured -- resuming normal operations`);
    context.log(`[${apacheTime()}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`);
    return {
      http: (port) =>
        port !== 80
          ? undefined
          : (req, res) => {
              const ok = (req.url ?? '/').split('?')[0] === '/' || req.url === '/index.html';
              const body = ok ? '<html><body><h1>It works!</h1></body></html>\n' : '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
              res.writeHead(ok ? 200 : 404, { Server: 'Apache/2.4.63 (Unix)', 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(body)) });
              res.end(req.method === 'HEAD' ? undefined : body);
              context.log(`${remoteAddress(req).replace(/:\d+$/, '')} - - [${new Date().toUTCString()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${ok ? 200 : 404} ${Buffer.byteLength(body)}`);
            },
      signal(name) {
        const notices: Partial<Record<NodeJS.Signals, string>> = {
          SIGWINCH: 'AH00492: caught SIGWINCH, shutting down gracefully',
          SIGTERM: 'AH00491: caught SIGTERM, shutting down',
          SIGINT: 'AH00491: caught SIGTERM, shutting down',
        };
        const notice = notices[name];
        if (notice === undefined) return false;
        context.log(`[${apacheTime()}] [mpm_event:notice] [pid 1:tid 1] ${notice}`);
        context.exit(0);
        return true;
      },
    };
  },
};
