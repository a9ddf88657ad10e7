// A container's log as kubelet keeps it (CRI log lines with a timestamp each) and serves it to
// `kubectl logs`: since, tail, timestamps, limitBytes and follow. Oldest lines are dropped past a byte cap,
// as kubelet's rotation (10 MiB by default) does.

export interface LogReadOptions {
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps?: boolean;
  limitBytes?: number;
}

export interface ContainerLog {
  /** what `kubectl logs` shows */
  read(options?: LogReadOptions): string;
  /** new output as it arrives (for follow=true); returns an unsubscribe */
  follow(listener: (text: string) => void, options?: { timestamps?: boolean }): () => void;
  /** the container exited: a follower should end */
  readonly ended: boolean;
  onEnd(listener: () => void): () => void;
}

export const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;

interface LogLine {
  /** microseconds since the epoch: enough for distinct, ordered nanosecond-format stamps */
  micros: number;
  text: string;
}

/** kubelet's `--timestamps` format: RFC 3339 with always nine fraction digits, UTC. */
export function formatLogTimestamp(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2024-01-01T00:00:00.123Z
  const fraction = String(Math.floor(micros % 1_000_000)).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}000Z`;
}

let lastMicros = 0;
/** A strictly increasing wall clock in microseconds, so lines keep their order when formatted. */
function nowMicros(): number {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastMicros = micros > lastMicros ? micros : lastMicros + 1;
  return lastMicros;
}

export class ContainerLogBuffer implements ContainerLog {
  private lines: LogLine[] = [];
  /** index of the first kept line: dropping from the front without shifting the array each time */
  private head = 0;
  private bytes = 0;
  private readonly partial = new Map<string, string>();
  private readonly followers = new Set<{ listener: (text: string) => void; timestamps: boolean }>();
  private readonly endListeners = new Set<() => void>();
  private isEnded = false;

  constructor(private readonly maxBytes = DEFAULT_MAX_LOG_BYTES) {}

  get ended(): boolean {
    return this.isEnded;
  }

  /** Output of one stream ('stdout', 'stderr'); complete lines are logged as they arrive, in arrival order. */
  write(stream: string, chunk: string): void {
    if (this.isEnded || chunk === '') return;
    let text = (this.partial.get(stream) ?? '') + chunk;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.append(text.slice(0, newline + 1));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    // A runaway line without newlines is split, as the CRI logger splits at its buffer size.
    while (text.length >= 16 * 1024) {
      this.append(text.slice(0, 16 * 1024));
      text = text.slice(16 * 1024);
    }
    if (text === '') this.partial.delete(stream);
    else this.partial.set(stream, text);
  }

  /** Writes whole lines (emulated programs). */
  writeLines(...lines: string[]): void {
    for (const line of lines) this.write('stdout', `${line}\n`);
  }

  /** The container exited: unfinished lines are logged as they are, followers end. */
  end(): void {
    if (this.isEnded) return;
    for (const text of this.partial.values()) this.append(text);
    this.partial.clear();
    this.isEnded = true;
    this.followers.clear();
    for (const listener of [...this.endListeners]) listener();
    this.endListeners.clear();
  }

  private append(text: string): void {
    const line = { micros: nowMicros(), text };
    this.lines.push(line);
    this.bytes += Buffer.byteLength(text);
    while (this.bytes > this.maxBytes && this.head < this.lines.length - 1) {
      this.bytes -= Buffer.byteLength(this.lines[this.head]?.text ?? '');
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    for (const follower of this.followers) follower.listener(format(line, follower.timestamps));
  }

  read(options: LogReadOptions = {}): string {
    let kept = this.lines.slice(this.head);
    const since = sinceMicros(options);
    if (since !== undefined) kept = kept.filter((line) => line.micros >= since);
    if (options.tailLines !== undefined && options.tailLines >= 0) {
      kept = options.tailLines === 0 ? [] : kept.slice(-options.tailLines);
    }
    const text = kept.map((line) => format(line, options.timestamps === true)).join('');
    if (options.limitBytes === undefined || options.limitBytes <= 0) return text;
    const bytes = Buffer.from(text);
    return bytes.length <= options.limitBytes ? text : bytes.subarray(0, options.limitBytes).toString();
  }

  follow(listener: (text: string) => void, options: { timestamps?: boolean } = {}): () => void {
    if (this.isEnded) return () => undefined;
    const follower = { listener, timestamps: options.timestamps === true };
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  onEnd(listener: () => void): () => void {
    if (this.isEnded) {
      queueMicrotask(listener);
      return () => undefined;
    }
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }
}

function format(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${formatLogTimestamp(line.micros)} ${line.text}` : line.text;
}

function sinceMicros(options: LogReadOptions): number | undefined {
  if (options.sinceTime !== undefined) return options.sinceTime.getTime() * 1000;
  if (options.sinceSeconds !== undefined) return (Date.now() - options.sinceSeconds * 1000) * 1000;
  return undefined;
}
