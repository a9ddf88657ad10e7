// redis-server: its start lines, and a clean shutdown (exit 0) on SIGTERM or SIGINT. Not HTTP.
import type { ProgramDefinition } from './program.js';

function redisTime(date = new Date()): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

export const redis: ProgramDefinition = {
  binaries: ['redis-server', 'docker-entrypoint.sh'],
  start(context) {
    const version = context.env.REDIS_VERSION ?? '7.4.2';
    const port = /--port\s*(\d+)/.exec(context.argv.join(' '))?.[1] ?? '6379';
    const line = (role: string, mark: string, text: string): void => context.log(`1:${role} ${redisTime()} ${mark} ${text}`);
    line('C', '#', 'WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. To fix this issue add \'vm.overcommit_memory = 1\' to /etc/sysctl.conf and then reboot or run the command \'sysctl vm.overcommit_memory=1\' for this to take effect.');
    line('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
    line('C', '*', `Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`);
    line('C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf');
    line('M', '*', 'monotonic clock: POSIX clock_gettime');
    line('M', '*', `Running mode=standalone, port=${port}.`);
    line('M', '*', 'Server initialized');
    line('M', '*', 'Ready to accept connections tcp');
    return {
      signal(name) {
        if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
        context.log(`1:signal-handler (${Math.floor(Date.now() / 1000)}) Received ${name} scheduling shutdown...`);
        line('M', '*', 'User requested shutdown...');
        line('M', '*', 'Saving the final RDB snapshot before exiting.');
        line('M', '*', 'DB saved on disk');
        line('M', '#', 'Redis is now ready to exit, bye bye...');
        context.exit(0);
        return true;
      },
    };
  },
};
