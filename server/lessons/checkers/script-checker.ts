// `script`: a verify script (as Killercoda's verify.sh) run with bash in the workspace under a time limit:
// exit 0 passes; `FAIL: message` lines are what the learner reads.
import { spawn } from 'node:child_process';
import type { Checker } from './context.js';
import { fail, messagesOf, pass } from './context.js';

const DEFAULT_TIMEOUT_SECONDS = 10;
const OUTPUT_LIMIT = 16 * 1024;

export const evaluateScript: Checker<'script'> = async (spec, context) => {
  const timeoutMs = (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: context.workspace };
  if (context.kubeconfigPath) env.KUBECONFIG = context.kubeconfigPath;
  const result = await runBash(spec.run, context.workspace, env, timeoutMs);
  const failLines = result.output.split('\n').filter((l) => l.startsWith('FAIL:')).map((l) => l.slice(5).trim());
  const t = messagesOf(context);
  if (result.timedOut) return fail(context, t.script.timeout(timeoutMs / 1000, failLines.length ? failLines.join('; ') : undefined));
  if (result.exitCode === 0) return pass(context);
  if (failLines.length) return fail(context, failLines.join('; '));
  const last = result.output.trim().split('\n').slice(-2).join(' / ');
  return fail(context, t.script.exit(String(result.exitCode), last || undefined));
};

interface ScriptResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ScriptResult> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout ends the script's children too (kubectl wait, sleep).
    const child = spawn('bash', ['-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const collect = (chunk: Buffer): void => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) killGroup(child.pid);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, output: error.message, timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output, timedOut });
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
