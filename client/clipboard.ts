// Copy and paste the way terminal users expect: Ctrl+Shift+C / Ctrl+Shift+V (plain Ctrl+C must stay SIGINT),
// copy on select, and right click to copy the selection or paste.
import type { IDisposable, Terminal } from '@xterm/xterm';

/** Selections change on every mouse move while dragging: write the clipboard once the drag settles. */
const COPY_ON_SELECT_DELAY_MS = 120;

function isCombo(ev: KeyboardEvent, code: string): boolean {
  return ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey && ev.code === code;
}

/** Writes text to the system clipboard; quietly does nothing where the async clipboard is unavailable or denied. */
function writeClipboard(text: string): void {
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

export function copySelection(term: Terminal): void {
  if (!term.hasSelection()) return;
  const text = term.getSelection();
  if (navigator.clipboard) {
    writeClipboard(text);
  } else {
    // Outside a secure context: a copy command makes the browser fire `copy` on xterm's focused textarea, and
    // xterm's own copy handler fills the clipboard with the selection. Deprecated but still the only way there.
    document.execCommand('copy');
  }
}

/** Right click without a selection: paste via the async clipboard (secure contexts only; fails quietly). */
function pasteFromClipboard(term: Terminal): void {
  navigator.clipboard
    ?.readText()
    .then((text) => {
      if (text) term.paste(text); // term.paste applies bracketed paste mode when the shell asked for it
    })
    .catch(() => undefined);
}

/**
 * Owns the terminal's custom key handler (xterm allows one). Returns false for the clipboard combos so xterm does
 * not send them to the shell as ^C / ^V.
 */
export function installClipboard(term: Terminal, host: HTMLElement): IDisposable {
  term.attachCustomKeyEventHandler((ev) => {
    if (isCombo(ev, 'KeyC')) {
      if (ev.type === 'keydown') {
        copySelection(term);
        ev.preventDefault(); // Chromium would open the element inspector
      }
      return false;
    }
    if (isCombo(ev, 'KeyV')) {
      // No preventDefault: the browser then fires its native paste event on xterm's textarea, and xterm pastes
      // (bracketed when the shell asked for it). Reading the clipboard ourselves would need a permission prompt.
      return false;
    }
    return true;
  });

  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  const selection = term.onSelectionChange(() => {
    clearTimeout(copyTimer);
    copyTimer = setTimeout(() => {
      if (term.hasSelection()) writeClipboard(term.getSelection());
    }, COPY_ON_SELECT_DELAY_MS);
  });

  // xterm's own contextmenu handler (on its element, so it runs first) only positions its textarea; ours decides.
  const onContextMenu = (ev: MouseEvent): void => {
    ev.preventDefault();
    if (term.hasSelection()) copySelection(term);
    else pasteFromClipboard(term);
    term.focus();
  };
  host.addEventListener('contextmenu', onContextMenu);

  return {
    dispose: () => {
      clearTimeout(copyTimer);
      selection.dispose();
      host.removeEventListener('contextmenu', onContextMenu);
      term.attachCustomKeyEventHandler(() => true);
    },
  };
}
