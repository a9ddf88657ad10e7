// The learner's page preferences in localStorage (pane width, text size, language). Storage may be disabled or
// full: then the choice just does not survive a reload.

const PREFIX = 'kubeclass.';

export function readPreference(name: string): string | undefined {
  try {
    return localStorage.getItem(PREFIX + name) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writePreference(name: string, value: string): void {
  try {
    localStorage.setItem(PREFIX + name, value);
  } catch {
    /* storage disabled */
  }
}

/** A stored number within [min, max], else `fallback` (a hand-edited or stale value must not break the layout). */
export function readNumberPreference(name: string, min: number, max: number, fallback: number): number {
  const value = Number(readPreference(name));
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}
