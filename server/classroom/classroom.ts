// The classroom: one lesson, a join code, an instructor, and a seat per learner. Joining gives a learner a token
// (their cookie) and, on first connection, a seat from the warm pool. Activity keeps a seat; an idle one is warned,
// then expires and is cleaned up (processes, files, cluster); results stay. Its state is in SQLite, so a restart
// keeps the join code, the instructor's address, every learner and their progress.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { MAX_BROADCAST_CHARS, MAX_NAME_CHARS, type RoomView } from '../common/classroom-protocol.js';
import type { Lesson } from '../lessons/format/types.js';
import { LessonCatalog } from '../lessons/service/lesson-catalog.js';
import type { ProgressStore } from '../store/progress-store.js';
import type { ShellCommand } from '../terminal/shell-launch.js';
import { ClassroomStore, type LearnerRecord } from './classroom-store.js';
import { exportLearner, learnerRow, toCsv } from './room-view.js';
import { Seat } from './seat.js';
import type { EnvironmentFactory, SeatEnvironment } from './seat-environment.js';
import { RoomFullError, SeatPool } from './seat-pool.js';

export interface ClassroomOptions {
  dataDir: string;
  lesson: Lesson;
  progress: ProgressStore;
  maxSeats: number;
  warmSeats: number;
  /** A seat without activity this long expires. */
  idleMs: number;
  /** The learner is warned this long before. */
  warningMs: number;
  shell: string;
  serverEnv: Readonly<Record<string, string | undefined>>;
  graceMs: number;
  /** Makes each seat's environment (a sandbox, or a namespace on the kind cluster). */
  environments: EnvironmentFactory;
  /** How a seat's shell is confined (bubblewrap and its user), or undefined where it cannot be. */
  confineFor?: ((env: SeatEnvironment) => ((command: ShellCommand, workspace: string) => ShellCommand) | undefined) | undefined;
  /** The nice value of learners' shells (SessionManagerOptions.shellNice). */
  shellNice?: number;
  /** How often each seat's cluster is saved (one seat a second at most, so the saves never stall the room). */
  saveEveryMs?: number;
  /** Ends whatever the seat's user still runs (a background job the shell left behind). */
  killUser?: ((uid: number) => Promise<unknown>) | undefined;
  now?: () => number;
  log: (message: string) => void;
}

export class JoinError extends Error {}

export class Classroom {
  readonly store: ClassroomStore;
  readonly joinCode: string;
  readonly instructorToken: string;
  private readonly catalog: LessonCatalog;
  private readonly pool: SeatPool;
  private readonly seats = new Map<string, Seat>();
  private readonly seating = new Map<string, Promise<Seat>>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private readonly roomListeners = new Set<() => void>();
  /** Expiries and saves under way: close() waits for them. */
  private readonly background = new Set<Promise<void>>();
  private readonly savedAt = new Map<string, number>();

  private constructor(private readonly options: ClassroomOptions) {
    this.now = options.now ?? Date.now;
    this.store = ClassroomStore.open(join(options.dataDir, 'classroom.db'));
    const identity = this.store.identity(options.lesson.id);
    this.joinCode = identity.joinCode;
    this.instructorToken = identity.instructorToken;
    this.catalog = new LessonCatalog([options.lesson]);
    this.pool = new SeatPool({
      max: options.maxSeats,
      warm: Math.min(options.warmSeats, options.maxSeats),
      factory: options.environments,
      log: options.log,
    });
  }

  static async open(options: ClassroomOptions): Promise<Classroom> {
    const classroom = new Classroom(options);
    // Learners who come back take their old places; the warm seats made now must not.
    for (const place of classroom.store.clusterPlaces()) options.environments.reserve?.(place);
    await classroom.pool.fill();
    classroom.timer = setInterval(() => void classroom.tick(), 1000);
    classroom.timer.unref();
    return classroom;
  }

  get lesson(): Lesson {
    return this.options.lesson;
  }

  codeMatches(code: string): boolean {
    const a = Buffer.from(code.trim().toUpperCase());
    const b = Buffer.from(this.joinCode);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * A learner joins with the code and a name. A name already in the room is the same learner coming back (from
   * another browser): they get a new token and their seat back; the old browser's token stops working.
   */
  join(code: string, rawName: string): { learnerId: string; token: string; name: string; rejoined: boolean } {
    if (!this.codeMatches(code)) throw new JoinError('that join code is not this classroom’s: check it with your instructor');
    const name = rawName.normalize('NFKC').replace(/\p{C}/gu, '').trim().replace(/\s+/g, ' ');
    if (!name) throw new JoinError('enter a name the instructor will recognise');
    if ([...name].length > MAX_NAME_CHARS) throw new JoinError(`a name has at most ${MAX_NAME_CHARS} characters`);
    const token = randomBytes(24).toString('base64url');
    const existing = this.store.byName(name);
    if (existing) {
      this.store.replaceToken(existing.id, token);
      this.options.log(`classroom: ${existing.name} joined again`);
      this.changed();
      return { learnerId: existing.id, token, name: existing.name, rejoined: true };
    }
    const active = this.store.learners().filter((l) => l.state === 'active').length;
    if (active >= this.options.maxSeats) throw new JoinError(`the room is full (${this.options.maxSeats} seats): ask the instructor`);
    const learnerId = randomBytes(16).toString('hex');
    this.store.addLearner({ id: learnerId, name, token, now: this.now() });
    this.options.log(`classroom: ${name} joined`);
    this.changed();
    return { learnerId, token, name, rejoined: false };
  }

  learnerByToken(token: string | undefined): LearnerRecord | undefined {
    return token ? this.store.byToken(token) : undefined;
  }

  /** The learner's seat, made from the pool on their first connection (or after it expired). */
  seatFor(learner: LearnerRecord): Promise<Seat> {
    const existing = this.seats.get(learner.id);
    if (existing) return Promise.resolve(existing);
    let pending = this.seating.get(learner.id);
    if (!pending) {
      pending = (async () => {
        const env = await this.pool.take(this.store.clusterPlace(learner.id));
        try {
          await this.restoreCluster(learner, env);
          const seat = new Seat({
            learnerId: learner.id,
            name: learner.name,
            dir: join(this.options.dataDir, 'learners', learner.id),
            env,
            catalog: this.catalog,
            store: this.options.progress,
            shell: this.options.shell,
            serverEnv: this.options.serverEnv,
            graceMs: this.options.graceMs,
            confine: this.options.confineFor?.(env),
            ...(this.options.shellNice ? { shellNice: this.options.shellNice } : {}),
            onExtend: () => this.extend(learner.id),
            log: this.options.log,
          });
          seat.expiresAt = this.now() + this.options.idleMs;
          this.seats.set(learner.id, seat);
          this.savedAt.set(learner.id, this.now());
          this.store.setSeat(learner.id, env.name, seat.expiresAt);
          this.changed();
          return seat;
        } catch (error) {
          await this.pool.release(env);
          throw error;
        }
      })().finally(() => this.seating.delete(learner.id));
      this.seating.set(learner.id, pending);
    }
    return pending;
  }

  seatOf(learnerId: string): Seat | undefined {
    return this.seats.get(learnerId);
  }

  /** Something the learner did: their seat lives on (written at most every 10 s). */
  touch(learnerId: string): void {
    const seat = this.seats.get(learnerId);
    if (!seat) return;
    const now = this.now();
    const before = seat.expiresAt;
    seat.expiresAt = now + this.options.idleMs;
    if (seat.warned) {
      seat.warned = false;
      seat.send({ type: 'seat', name: seat.name, expiresAt: seat.expiresAt, warning: false });
    }
    if (seat.expiresAt - before > 10_000) this.store.touch(learnerId, now, seat.expiresAt);
  }

  extend(learnerId: string): boolean {
    if (!this.seats.has(learnerId)) return false;
    this.touch(learnerId);
    const seat = this.seats.get(learnerId)!;
    this.store.touch(learnerId, this.now(), seat.expiresAt);
    this.changed();
    return true;
  }

  broadcast(text: string): { at: number; text: string } {
    const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : '')).trim();
    if (!clean) throw new JoinError('a broadcast needs some text');
    if ([...clean].length > MAX_BROADCAST_CHARS) throw new JoinError(`a broadcast has at most ${MAX_BROADCAST_CHARS} characters`);
    const at = this.now();
    this.store.addBroadcast(at, clean);
    for (const seat of this.seats.values()) seat.send({ type: 'broadcast', at, text: clean });
    this.changed();
    return { at, text: clean };
  }

  steps(): { id: string; title: string }[] {
    return this.catalog.text(this.options.lesson, undefined).steps.map((s) => ({ id: s.id, title: s.title }));
  }

  room(joinUrl: string): RoomView {
    const steps = this.steps();
    return {
      lessonId: this.options.lesson.id,
      lessonTitle: this.catalog.text(this.options.lesson, undefined).title,
      steps,
      joinCode: this.joinCode,
      joinUrl,
      seats: this.pool.counts,
      learners: this.store.learners().map((l) => {
        const seat = this.seats.get(l.id);
        return learnerRow(l, this.options.progress.lesson(l.id, this.options.lesson.id), steps, seat?.online ?? false, seat?.lessons.unrecordedTime(l.id));
      }),
      broadcasts: this.store.broadcasts(),
    };
  }

  exportJson(): string {
    const steps = this.steps();
    const room = this.room('');
    return `${JSON.stringify({ lesson: room.lessonId, title: room.lessonTitle, exportedAt: new Date(this.now()).toISOString(), steps, learners: room.learners.map((r) => exportLearner(r, steps)) }, null, 2)}\n`;
  }

  exportCsv(): string {
    const steps = this.steps();
    return toCsv(this.room('').learners.map((r) => exportLearner(r, steps)), steps);
  }

  /** Told when something the room view shows changed outside the progress store (joins, seats, broadcasts). */
  onChange(listener: () => void): () => void {
    this.roomListeners.add(listener);
    return () => this.roomListeners.delete(listener);
  }

  /** A learner back after a restart finds their cluster as it was last saved. */
  private async restoreCluster(learner: LearnerRecord, env: SeatEnvironment): Promise<void> {
    const saved = this.store.clusterState(learner.id);
    if (saved === undefined) return;
    try {
      const { restored, failed } = await env.restoreState(saved);
      this.options.log(`classroom: ${learner.name}'s cluster restored (${restored})${failed.length ? `; not restored: ${failed.join('; ')}` : ''}`);
    } catch (error) {
      // A state that cannot be read must not keep the learner out: they get a fresh cluster, and it is said.
      this.options.log(`classroom: ${learner.name}'s saved cluster could not be restored (${error instanceof Error ? error.message : String(error)}); they start with a fresh one`);
    }
  }

  /** Saves a seat's cluster (a sandbox's objects; nothing where the cluster outlives the server). */
  async saveCluster(seat: Seat, closing = false): Promise<void> {
    this.savedAt.set(seat.learnerId, this.now());
    try {
      const state = await seat.env.saveState();
      // A seat that expired meanwhile has no state to keep (expiry deleted it).
      if (state !== undefined && (closing || this.seats.get(seat.learnerId) === seat)) this.store.saveClusterState(seat.learnerId, state, this.now(), seat.env.place);
    } catch (error) {
      this.options.log(`classroom: ${seat.name}'s cluster could not be saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Warns, then expires idle seats; saves the cluster saved longest ago, when it is due. */
  async tick(): Promise<void> {
    const now = this.now();
    const due = [...this.seats.values()]
      .filter((s) => now - (this.savedAt.get(s.learnerId) ?? 0) >= (this.options.saveEveryMs ?? 30_000))
      .sort((a, b) => (this.savedAt.get(a.learnerId) ?? 0) - (this.savedAt.get(b.learnerId) ?? 0))[0];
    if (due) {
      const saving = this.saveCluster(due).finally(() => this.background.delete(saving));
      this.background.add(saving);
    }
    for (const seat of [...this.seats.values()]) {
      if (now >= seat.expiresAt) await this.expire(seat);
      else if (!seat.warned && now >= seat.expiresAt - this.options.warningMs) {
        seat.warned = true;
        seat.send({ type: 'seat', name: seat.name, expiresAt: seat.expiresAt, warning: true });
      }
    }
  }

  /** Everything of the seat goes: shell, processes, files, its cluster. The learner's results stay. */
  expire(seat: Seat): Promise<void> {
    if (this.seats.get(seat.learnerId) !== seat) return Promise.resolve();
    this.seats.delete(seat.learnerId);
    this.savedAt.delete(seat.learnerId);
    const done = this.cleanUp(seat).finally(() => this.background.delete(done));
    this.background.add(done);
    return done;
  }

  private async cleanUp(seat: Seat): Promise<void> {
    this.options.log(`classroom: ${seat.name}'s seat expired; cleaning it up`);
    await seat.close(true);
    if (seat.env.user && this.options.killUser) await this.options.killUser(seat.env.user.uid);
    await this.pool.release(seat.env);
    this.store.expire(seat.learnerId);
    this.changed();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.background]);
    const seats = [...this.seats.values()];
    this.seats.clear();
    await Promise.all(
      seats.map(async (seat) => {
        await seat.close(false);
        if (seat.env.user && this.options.killUser) await this.options.killUser(seat.env.user.uid);
        // After the shell and what it left running have ended: nothing of the learner's changes the cluster now.
        await this.saveCluster(seat, true);
        await seat.env.suspend();
      }),
    );
    await this.pool.close();
    this.store.close();
  }

  private changed(): void {
    for (const listener of this.roomListeners) listener();
  }
}

export { RoomFullError };
