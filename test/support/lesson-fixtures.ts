// Lesson folders written into a temporary directory, so each test states the exact lines it checks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function writeTree(files: Record<string, string>, root = mkdtempSync(join(tmpdir(), 'kubeclass-lessons-'))): string {
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

/** A valid two-step lesson file; line numbers in tests refer to this text (the front matter is lines 1-7). */
export function validLesson(id: string, locale = 'en'): string {
  return [
    '---', // 1
    `id: ${id}`, // 2
    `title: A lesson (${locale})`, // 3
    'duration: 20', // 4
    'requires: [knative]', // 5
    `locale: ${locale}`, // 6
    '---', // 7
    'Before the steps.', // 8
    '', // 9
    '## Deploy', // 10
    '', // 11
    '```bash run', // 12
    'kubectl apply -f hello.yaml', // 13
    '```', // 14
    '', // 15
    '```yaml kubeclass', // 16
    'id: deploy', // 17
    'checks:', // 18
    '  - kind: command', // 19
    '    id: applied', // 20
    '    pattern: /kubectl apply -f \\S+/', // 21
    '  - kind: within', // 22
    '    seconds: 120', // 23
    '    after: applied', // 24
    '    check:', // 25
    '      kind: resource', // 26
    '      apiVersion: serving.knative.dev/v1', // 27
    '      resource: services', // 28
    '      name: hello', // 29
    '      condition: { type: Ready }', // 30
    'solution:', // 31
    '  - kubectl apply -f hello.yaml', // 32
    'wrong:', // 33
    '  - commands: kubectl apply --namescpace default -f hello.yaml', // 34
    '    hint: --namespace', // 35
    '```', // 36
    '', // 37
    ':::hint', // 38
    'Look at `kubectl get ksvc`.', // 39
    ':::', // 40
    '', // 41
    '## Call it', // 42
    '', // 43
    '```yaml file=hello.yaml', // 44
    'kind: Service', // 45
    '```', // 46
    '', // 47
    ':::solution Show me', // 48
    '```bash run interrupt', // 49
    'curl -H "Host: hello.default.example.com" http://127.0.0.1', // 50
    '```', // 51
    ':::', // 52
    '',
  ].join('\n');
}

/** Replaces line `n` (1-based) of `text`. */
export function withLine(text: string, n: number, line: string): string {
  const lines = text.split('\n');
  lines[n - 1] = line;
  return lines.join('\n');
}
