// The divider between the lesson and the terminal: drag it, or focus it and use the arrow keys (Home/End for the
// limits). The lesson's share of the width is a CSS variable on the workspace and survives reloads. The terminal
// re-fits by itself: fit-terminal.ts observes its host's size.
import { readNumberPreference, writePreference } from './preferences.js';

/** The lesson pane's share of the width, in percent. */
const MIN_PERCENT = 20;
const MAX_PERCENT = 70;
const DEFAULT_PERCENT = 40;
const KEY_STEP = 2;
const KEY_STEP_LARGE = 10;
const PREFERENCE = 'lessonWidth';

export function installSplitPane(workspace: HTMLElement, divider: HTMLElement): void {
  let percent = readNumberPreference(PREFERENCE, MIN_PERCENT, MAX_PERCENT, DEFAULT_PERCENT);

  const apply = (value: number, store: boolean): void => {
    percent = Math.round(Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, value)) * 10) / 10;
    // A custom property, not a grid template: the stylesheet decides the layout (and stacks it on narrow screens).
    workspace.style.setProperty('--lesson-width', `${percent}%`);
    divider.setAttribute('aria-valuenow', String(Math.round(percent)));
    if (store) writePreference(PREFERENCE, String(percent));
  };
  divider.setAttribute('aria-valuemin', String(MIN_PERCENT));
  divider.setAttribute('aria-valuemax', String(MAX_PERCENT));
  apply(percent, false);

  divider.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    ev.preventDefault(); // no text selection while dragging
    divider.setPointerCapture(ev.pointerId);
    divider.focus();
    workspace.classList.add('resizing');
    const box = workspace.getBoundingClientRect();
    const move = (e: PointerEvent): void => apply(((e.clientX - box.left) / box.width) * 100, false);
    const end = (): void => {
      divider.removeEventListener('pointermove', move);
      divider.removeEventListener('pointerup', end);
      divider.removeEventListener('pointercancel', end);
      workspace.classList.remove('resizing');
      apply(percent, true);
    };
    divider.addEventListener('pointermove', move);
    divider.addEventListener('pointerup', end);
    divider.addEventListener('pointercancel', end);
  });

  divider.addEventListener('dblclick', () => apply(DEFAULT_PERCENT, true));

  divider.addEventListener('keydown', (ev) => {
    const step = ev.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const next: Record<string, number> = {
      ArrowLeft: percent - step,
      ArrowRight: percent + step,
      Home: MIN_PERCENT,
      End: MAX_PERCENT,
    };
    const value = next[ev.key];
    if (value === undefined) return;
    ev.preventDefault();
    apply(value, true);
  });
}
