// Keeps the terminal filling its box. Fitting reflows the whole buffer, so it runs once after a resize settles,
// not on every animation frame of a window drag.
import { FitAddon } from '@xterm/addon-fit';
import type { IDisposable, Terminal } from '@xterm/xterm';

/** Long enough to coalesce a drag, short enough to feel immediate. */
const FIT_DEBOUNCE_MS = 60;

export function installFit(term: Terminal, host: HTMLElement): IDisposable & { fitNow(): void } {
  const fit = new FitAddon();
  term.loadAddon(fit);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fitNow = (): void => {
    clearTimeout(timer);
    // Zero-sized while hidden (a collapsed pane): keep the last size instead of shrinking to 2x1.
    if (host.clientWidth === 0 || host.clientHeight === 0) return;
    fit.fit();
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(fitNow, FIT_DEBOUNCE_MS);
  };
  // The observer covers window resizes too, as well as layout changes that are not (the pane's width).
  const observer = new ResizeObserver(schedule);
  observer.observe(host);
  window.addEventListener('resize', schedule);
  // Cell size is measured with the font in effect; measure again once web or system fonts settle.
  void document.fonts?.ready.then(schedule);
  return {
    fitNow,
    dispose: () => {
      clearTimeout(timer);
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      fit.dispose();
    },
  };
}
