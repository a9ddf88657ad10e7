// `kubeclass lesson lint [dir...]`: validates lessons without running them; `kubeclass lesson test [dir...]`
// plays them against a sandbox (run/lesson-test.ts). A folder is a lesson (it has lesson.<locale>.md), a
// Killercoda scenario (index.json) or a folder of lessons; no folder means ./lessons.
import { parseArgs } from 'node:util';
import { resolveShell } from '../terminal/shell-launch.js';
import { findLessons } from './format/load-lesson.js';
import type { Lesson, LessonError } from './format/types.js';
import { testLessons } from './run/lesson-test.js';
import { formatRun, formatSummary } from './run/report.js';

export const LESSON_USAGE = `Usage: kubeclass lesson lint [dir...]
       kubeclass lesson test [--locale L] [--json] [--no-fast] [--jobs N] [--step-timeout S]
                            [--shell PATH] [dir...]

Each dir is a lesson folder, a Killercoda scenario folder or a folder of lessons (default: lessons).

lint  validates lessons: prints file:line: message for each problem and exits 1 if there is any.
test  plays each lesson as a learner: for every locale (or only --locale L) a fresh sandbox cluster and a
      real shell; each step's wrong attempts must fail with their hint, then its solution is typed and the
      step must pass. Prints a line per step and exits 1 unless everything passed.
      --json      the report as JSON on stdout
      --no-fast   keep Knative's autoscaler windows (by default they are shortened to 6 s, so that
                  scaling to zero takes seconds)
      --jobs N    locales played at once, each with its own sandbox (default 2)
      --step-timeout S   seconds a step without \`within\` checks has to pass after its solution
                  (default 30; a step with them has its longest window + 15 s)
      --shell     bash (default) or zsh
`;

type Output = (text: string) => void;

export async function lessonCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(LESSON_USAGE);
    return 0;
  }
  if (sub === 'lint') return lintCommand(rest, out, err);
  if (sub === 'test') return testCommand(rest, out, err, env);
  err(`kubeclass: lesson: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}\n\n${LESSON_USAGE}`);
  return 2;
}

function lintCommand(dirs: string[], out: Output, err: Output): number {
  const { lessons, errors } = find(dirs);
  printErrors(errors, err);
  out(`${lessons.length} lesson${lessons.length === 1 ? '' : 's'} valid, ${errors.length} problem${errors.length === 1 ? '' : 's'}\n`);
  return errors.length > 0 ? 1 : 0;
}

async function testCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        locale: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'no-fast': { type: 'boolean' },
        jobs: { type: 'string' },
        'step-timeout': { type: 'string' },
        shell: { type: 'string' },
      },
    });
  } catch (error) {
    err(`kubeclass: lesson test: ${(error as Error).message}\n\n${LESSON_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const jobs = values.jobs === undefined ? 2 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    err(`kubeclass: lesson test: --jobs takes a whole number >= 1, not "${values.jobs ?? ''}"\n`);
    return 2;
  }
  const stepTimeout = values['step-timeout'] === undefined ? 30 : Number(values['step-timeout']);
  if (!(stepTimeout > 0)) {
    err(`kubeclass: lesson test: --step-timeout takes a number of seconds > 0, not "${values['step-timeout'] ?? ''}"\n`);
    return 2;
  }
  const { lessons, errors } = find(positionals);
  if (errors.length > 0) {
    // A lesson that does not load cannot be played: lint's report, and nothing started.
    printErrors(errors, err);
    if (values.json) out(`${JSON.stringify({ passed: false, lintErrors: errors, runs: [] }, null, 2)}\n`);
    else out(`FAIL: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the lessons (kubeclass lesson lint)\n`);
    return 1;
  }
  const started = Date.now();
  const runs = await testLessons(lessons, {
    ...(values.locale ? { locales: values.locale } : {}),
    fast: !values['no-fast'],
    shell: resolveShell(values.shell ?? 'bash'),
    serverEnv: env,
    concurrency: jobs,
    stepTimeoutMs: stepTimeout * 1000,
    // Each locale's block as it ends: a long lesson shows progress.
    ...(values.json ? {} : { onRun: (run) => out(formatRun(run)) }),
  });
  const passed = runs.length > 0 && runs.every((r) => r.passed);
  if (values.json) out(`${JSON.stringify({ passed, lintErrors: [], runs, durationMs: Date.now() - started }, null, 2)}\n`);
  else out(runs.length ? formatSummary(runs, Date.now() - started) : 'FAIL: no lesson to test\n');
  return passed ? 0 : 1;
}

function printErrors(errors: readonly LessonError[], err: Output): void {
  for (const e of errors) err(e.line > 0 ? `${e.file}:${e.line}: ${e.message}\n` : `${e.file}: ${e.message}\n`);
}

function find(dirs: readonly string[]): { lessons: Lesson[]; errors: LessonError[] } {
  const lessons: Lesson[] = [];
  const errors: LessonError[] = [];
  for (const dir of dirs.length > 0 ? dirs : ['lessons']) {
    const found = findLessons(dir);
    lessons.push(...found.lessons);
    errors.push(...found.errors);
  }
  return { lessons, errors };
}

