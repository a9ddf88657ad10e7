// `kubeclass classroom` options, parsed once.
import { resolve } from 'node:path';
import { MAX_NICE } from '../terminal/shell-priority.js';
import { ConfigError, DEFAULT_HOST, DEFAULT_LESSONS_DIR, DEFAULT_PORT, defaultDataDir, parseOptions, portOption, positiveInt } from '../config.js';

export interface ClassroomConfig {
  lessonId: string;
  host: string;
  port: number;
  seats: number;
  warm: number;
  idleMinutes: number;
  dataDir: string;
  lessonsDir: string;
  shell: string | undefined;
  allowOrigins: string[];
  /** A sandbox per seat (default), or a namespace per seat on the shared kind cluster. */
  cluster: 'sandbox' | 'kind';
  /** Run even where shells cannot be confined (no bubblewrap): learners could then read each other's files. */
  unconfined: boolean;
  /** The nice value of learners' shells and all they run (0-19; 0: as the server). */
  shellNice: number;
  env: Readonly<Record<string, string | undefined>>;
}

// Weight 110 against the server's 1024 (the kernel's nice table): the server wins a busy core at once, while
// learners' commands still get every cycle it leaves.
const DEFAULT_SHELL_NICE = 10;

export const CLASSROOM_USAGE = `Usage: kubeclass classroom --lesson ID [options]

Runs a workshop: learners join from their laptops with a short code and their name, each gets a private
environment (their own sandbox cluster, workspace and confined shell), and the instructor's page shows the
room live and exports the results.

Options:
  --lesson ID         the lesson everyone takes (required; \`kubeclass lesson lint\` lists what loads)
  --host ADDR         address to bind (default ${DEFAULT_HOST}; 0.0.0.0 lets the room's laptops in)
  --port N            port (default ${DEFAULT_PORT})
  --seats N           most learners at once (default 30)
  --warm N            environments kept ready so joining is instant (default 4)
  --idle-minutes M    a seat without activity expires after M minutes, with a warning 5 minutes before
                      (default 45); the learner's results are kept
  --data-dir DIR      where the classroom, workspaces and results live (default: KUBECLASS_DATA_DIR, else
                      ~/.local/share/kubeclass/classroom); the same directory after a restart keeps everything
  --lessons DIR       the folder of lessons (default: this installation's)
  --shell PATH        the learners' shell (bash or zsh)
  --unconfined        run even without bubblewrap (learners' shells then share the server's files and user)
  --shell-nice N      how far learners' shells, and the kubectl they run, yield the CPU to the server, 0-19
                      (default 10: keystrokes and verdicts stay quick while every core is busy; 0: no yielding)
  --allow-origin URL  another page origin (a reverse proxy)
  --cluster KIND      sandbox (default: a sandbox cluster per seat, no Docker) or kind (one kind cluster,
                      created or repaired as \`kubeclass cluster up\` does, with a namespace per seat whose RBAC
                      reaches only that namespace; OpenFaaS CE's one function namespace is shared)
  -h, --help          show this help
`;

export function parseClassroomConfig(argv: string[], env: Readonly<Record<string, string | undefined>>): ClassroomConfig {
  const v = parseOptions(argv, {
    lesson: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    seats: { type: 'string' },
    warm: { type: 'string' },
    'idle-minutes': { type: 'string' },
    'data-dir': { type: 'string' },
    lessons: { type: 'string' },
    shell: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    cluster: { type: 'string' },
    unconfined: { type: 'boolean' },
    'shell-nice': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) throw new ConfigError(CLASSROOM_USAGE);
  if (!v.lesson) throw new ConfigError('kubeclass classroom needs --lesson ID (the lesson everyone takes)');
  const seats = positiveInt('seats', v.seats, 30);
  const cluster = v.cluster ?? 'sandbox';
  if (cluster !== 'sandbox' && cluster !== 'kind') throw new ConfigError(`--cluster takes sandbox or kind, not "${cluster}"`);
  const shellNice = positiveInt('shell-nice', v['shell-nice'], DEFAULT_SHELL_NICE, 0);
  if (shellNice > MAX_NICE) throw new ConfigError(`--shell-nice takes 0 to ${MAX_NICE}, not ${shellNice}`);
  return {
    lessonId: v.lesson,
    host: v.host ?? DEFAULT_HOST,
    port: portOption(v.port, DEFAULT_PORT),
    seats,
    warm: Math.min(positiveInt('warm', v.warm, 4, 0), seats),
    idleMinutes: positiveInt('idle-minutes', v['idle-minutes'], 45),
    dataDir: resolve(v['data-dir'] ?? `${defaultDataDir(env)}/classroom`),
    lessonsDir: resolve(v.lessons ?? DEFAULT_LESSONS_DIR),
    shell: v.shell ?? env.SHELL,
    allowOrigins: v['allow-origin'] ?? [],
    cluster,
    unconfined: v.unconfined === true,
    shellNice,
    env,
  };
}
