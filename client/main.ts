// The page's composition root: builds the terminal and its parts, wires them together, connects.
import '@xterm/xterm/css/xterm.css';
import './style.css';
import './lesson/lesson.css';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { installClipboard } from './clipboard.js';
import { CommandMarks } from './command-marks.js';
import { installDebugHandle } from './debug-handle.js';
import { installFit } from './fit-terminal.js';
import { installStaticWords } from './i18n/static-words.js';
import { setPageLocale } from './i18n/words.js';
import { preferredLocale } from './lesson/lesson-header.js';
import { createLessonPane } from './lesson/lesson-pane.js';
import { installSplitPane } from './lesson/split-pane.js';
import { NoticeToast } from './notice-toast.js';
import { Overlay } from './overlay.js';
import { applyRenderer, rendererChoiceFromQuery, type RendererKind } from './renderer.js';
import { StatusBar } from './status-bar.js';
import { StatusPill } from './status-pill.js';
import { TERMINAL_OPTIONS } from './terminal-options.js';
import { TerminalConnection, type StopReason } from './terminal-connection.js';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`kubeclass: index.html lacks #${id}`);
  return el;
}

// The page speaks the learner's language from the start; the first `lesson` message then decides (lesson-pane.ts).
setPageLocale(preferredLocale());
installStaticWords();

const host = element('terminal', HTMLDivElement);
const statusBar = new StatusBar(element('status-bar', HTMLElement));
const pill = new StatusPill(element('connection-status', HTMLElement));
const toast = new NoticeToast(element('notice', HTMLDivElement));
installSplitPane(element('workspace', HTMLElement), element('divider', HTMLDivElement));

const term = new Terminal(TERMINAL_OPTIONS);
term.loadAddon(new WebLinksAddon());
term.open(host);
const fit = installFit(term, host);
fit.fitNow(); // the hello carries the real size, so the shell never starts at 80x24 and reflows
const marks = new CommandMarks(term);
installClipboard(term, host);

let renderer: RendererKind = 'dom';
void applyRenderer(term, rendererChoiceFromQuery(location.search), (kind) => {
  renderer = kind;
});

const overlay = new Overlay(
  element('overlay', HTMLDivElement),
  element('overlay-message', HTMLElement),
  element('overlay-action', HTMLButtonElement),
  () => term.focus(),
);

const lesson = createLessonPane(
  {
    header: {
      title: element('lesson-title', HTMLElement),
      progress: element('lesson-progress', HTMLElement),
      progressText: element('lesson-progress-text', HTMLElement),
      progressBar: element('lesson-progress-bar', HTMLProgressElement),
      locale: element('lesson-locale', HTMLSelectElement),
      smaller: element('lesson-font-smaller', HTMLButtonElement),
      larger: element('lesson-font-larger', HTMLButtonElement),
    },
    connection: element('lesson-connection', HTMLDivElement),
    provisioning: element('provisioning', HTMLDivElement),
    stepNav: element('step-nav', HTMLElement),
    steps: element('step-list', HTMLOListElement),
    scroller: element('lesson-scroll', HTMLDivElement),
    content: element('step', HTMLElement),
    placeholder: element('lesson-placeholder', HTMLDivElement),
    seat: {
      broadcast: element('seat-broadcast', HTMLDivElement),
      warning: element('seat-warning', HTMLDivElement),
      name: element('seat-name', HTMLElement),
    },
  },
  // Run buttons type as the learner would; focus follows so the next keystroke goes to the shell.
  { sendInput: (data) => connection.sendInput(data), focus: () => term.focus() },
  toast,
);

const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const connection = new TerminalConnection({
  term,
  url: `${scheme}//${location.host}/ws/terminal`,
  hooks: {
    onStateChange: (state, retryAt) => pill.show(state, retryAt),
    onTerminalReset: () => marks.clear(),
    onReady: (ready) => {
      marks.setNonce(ready.nonce);
      overlay.hide();
      // Progress belongs to the terminal's session: the lesson socket opens now, or says hello again for a new one.
      lesson.setSession(ready.sessionId);
    },
    onCommand: (event) => statusBar.show(event),
    onNotice: (level, message) => toast.show(level, message),
    onStopped: (reason) => showStopped(reason),
  },
});

function showStopped(reason: StopReason): void {
  switch (reason.kind) {
    case 'exited': {
      const { signal, exitCode } = reason;
      overlay.show(
        (c) => c.overlay.exited(signal ? c.terminal.signal(signal) : exitCode !== null ? c.terminal.code(exitCode) : undefined),
        (c) => c.overlay.newShell,
        () => connection.restartShell(),
      );
      break;
    }
    case 'taken-over':
      overlay.show((c) => c.overlay.takenOver, (c) => c.overlay.useHere, () => connection.takeOver());
      break;
    case 'outdated':
      overlay.show((c) => c.overlay.outdated, (c) => c.overlay.reload, () => location.reload());
      break;
    case 'rejected': {
      // The server's reason is its own text; without one, the page's words say what happened.
      const why = reason.reason;
      overlay.show((c) => c.overlay.rejected(why || c.overlay.refused), (c) => c.overlay.reconnect, () => connection.takeOver());
      break;
    }
  }
}

term.onData((data) => connection.sendInput(data));
term.onBinary((data) => connection.sendBinaryInput(data));
term.onResize(({ cols, rows }) => connection.sendResize(cols, rows));

installDebugHandle({
  term,
  get renderer() {
    return renderer;
  },
  get state() {
    return connection.connectionState;
  },
  commands: connection.commands,
  get processed() {
    return connection.processed;
  },
  get marks() {
    return marks.counts;
  },
  get sessionId() {
    return connection.sessionId;
  },
  get lesson() {
    return lesson.debugView();
  },
});

connection.start();
term.focus();
