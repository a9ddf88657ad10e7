// Buttons on the lesson's code blocks (docs/lessons.md, "Code blocks and their actions"): the renderer marks a
// block `<pre class="kc-code" data-run data-interrupt data-copy data-file=path>`; this adds a small toolbar.
import { words } from '../i18n/words.js';
import { button, h } from './dom.js';

export interface CodeActionHandlers {
  /** Type `text` into the terminal, Ctrl-C first when `interrupt`. */
  run(text: string, interrupt: boolean): void;
  copy(text: string): Promise<boolean>;
  /** Ask the server to write the block to `path`; the answer is `file-created` (see markFileCreated). */
  createFile(path: string): boolean;
}

/** How long "Copied" or "Sent" stays on a button before its label comes back. */
const FEEDBACK_MS = 1600;
/** No `file-created` within this long (an `error` toast said why): the button becomes usable again. */
const CREATE_TIMEOUT_MS = 8000;

function flash(btn: HTMLButtonElement, label: string, ms = FEEDBACK_MS): void {
  const original = btn.dataset['label'] ?? btn.textContent ?? '';
  btn.dataset['label'] = original;
  btn.textContent = label;
  btn.dataset['feedback'] = 'true';
  setTimeout(() => {
    btn.textContent = original;
    delete btn.dataset['feedback'];
  }, ms);
}

export class CodeActions {
  /** "Create" buttons by the path they write, for the server's confirmation. */
  private readonly fileButtons = new Map<string, HTMLButtonElement[]>();

  constructor(private readonly handlers: CodeActionHandlers) {}

  /** Adds the toolbars to every marked block under `root` (the step's freshly inserted HTML). */
  decorate(root: HTMLElement): void {
    this.fileButtons.clear();
    const c = words().code;
    for (const pre of root.querySelectorAll<HTMLPreElement>('pre.kc-code')) {
      const text = (pre.querySelector('code') ?? pre).textContent ?? '';
      const tools: HTMLButtonElement[] = [];
      if (pre.dataset['run'] === 'true') {
        const interrupt = pre.dataset['interrupt'] === 'true';
        const run = button(c.run, 'code-action code-run', () => this.handlers.run(text, interrupt));
        run.title = interrupt ? c.runInterruptHint : c.runHint;
        tools.push(run);
      }
      if (pre.dataset['copy'] === 'true') {
        const copy = button(c.copy, 'code-action', () => {
          void this.handlers.copy(text).then((ok) => flash(copy, ok ? c.copied : c.copyFailed));
        });
        tools.push(copy);
      }
      const path = pre.dataset['file'];
      if (path) {
        const create = button(c.create(path), 'code-action code-file', () => {
          if (!this.handlers.createFile(path)) return flash(create, c.notConnected);
          create.disabled = true;
          create.dataset['pending'] = 'true';
          setTimeout(() => {
            if (create.dataset['pending'] !== 'true') return;
            create.disabled = false;
            delete create.dataset['pending'];
          }, CREATE_TIMEOUT_MS);
        });
        create.title = c.createHint(path);
        tools.push(create);
        this.fileButtons.set(path, [...(this.fileButtons.get(path) ?? []), create]);
      }
      if (tools.length === 0) continue;
      pre.classList.add('has-actions');
      const lang = pre.dataset['lang'];
      pre.before(
        h('div', { class: 'code-toolbar' }, [
          h('span', { class: 'code-lang', text: path ?? lang ?? '' }),
          h('span', { class: 'code-tools' }, tools),
        ]),
      );
    }
  }

  /** The server wrote `path`: say so on its button(s). */
  markFileCreated(path: string): void {
    for (const btn of this.fileButtons.get(path) ?? []) {
      delete btn.dataset['pending'];
      btn.disabled = false;
      flash(btn, words().code.created(path), 3000);
    }
  }
}

/** Lines as typed commands: each followed by Enter (\r), as when pasting commands into a terminal. */
export function typedLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => `${line}\r`).join('');
}

/** Copies through the async clipboard, else (plain http on another host: no secure context) a hidden textarea. */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      /* denied: try the old way */
    }
  }
  const area = h('textarea', { class: 'copy-buffer', attrs: { readonly: true, 'aria-hidden': 'true' } });
  area.value = text;
  document.body.append(area);
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy'); // deprecated, but the only way outside a secure context
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus();
  return ok;
}
