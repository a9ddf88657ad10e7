// Go's time.ParseDuration, which Knative's config parsers use: "60s", "1m30s", "1.5h", "300ms", "0".

const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when the text is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const match = part.exec(rest);
    if (!match) return undefined; // a number without a unit, or an unknown unit
    total += Number(match[1]) * (UNITS[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

/** A duration as Go's Duration.String prints it: 1m30s, 60s -> 1m0s, 0s, 300ms. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (Math.abs(ms) < 1000) return `${ms}ms`;
  const negative = ms < 0;
  let seconds = Math.abs(ms) / 1000;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const secs = `${Number(seconds.toFixed(9))}s`;
  const text = hours ? `${hours}h${minutes}m${secs}` : minutes ? `${minutes}m${secs}` : secs;
  return negative ? `-${text}` : text;
}
