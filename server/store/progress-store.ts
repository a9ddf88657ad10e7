// Learners' lesson progress in SQLite (better-sqlite3), under the data directory: which lesson and step each
// learner is on, and per step its status, attempts and time. Every change is written at once (WAL), so a crash
// or a restart loses nothing the page has shown. A learner is a terminal session id until classrooms name them.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StepStatus } from '../common/lesson-protocol.js';

export interface StepRecord {
  status: StepStatus;
  attempts: number;
  timeMs: number;
  passedAt: number | undefined;
  /** The last failure message the learner saw (what an instructor's view shows). */
  lastMessage: string | undefined;
}

export interface LessonRecord {
  locale: string | undefined;
  currentStep: string | undefined;
  steps: Map<string, StepRecord>;
}

/** Bumped with each change of the tables below; `migrate` brings older files up to date. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS learner (
  learner TEXT PRIMARY KEY,
  last_lesson TEXT,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lesson_progress (
  learner TEXT NOT NULL,
  lesson TEXT NOT NULL,
  locale TEXT,
  current_step TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (learner, lesson)
);
CREATE TABLE IF NOT EXISTS step_progress (
  learner TEXT NOT NULL,
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'passed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  time_ms INTEGER NOT NULL DEFAULT 0,
  passed_at INTEGER,
  last_message TEXT,
  PRIMARY KEY (learner, lesson, step)
);
`;

interface StepRow {
  step: string;
  status: StepStatus;
  attempts: number;
  time_ms: number;
  passed_at: number | null;
  last_message: string | null;
}

export class ProgressStore {
  private readonly db: Database.Database;
  private readonly statements;

  /**
   * Opens (or creates) the store. A file SQLite cannot read is moved aside (`.corrupt-<time>`) and a new one
   * started, so a damaged file never keeps the server from starting; the log says where the old one went.
   */
  static open(file: string, log: (message: string) => void = () => undefined): ProgressStore {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      return new ProgressStore(file);
    } catch (error) {
      if (!existsSync(file)) throw error;
      const aside = `${file}.corrupt-${Date.now()}`;
      renameSync(file, aside);
      log(`progress: ${file} could not be opened (${(error as Error).message}); moved it to ${aside} and started a new one`);
      return new ProgressStore(file);
    }
  }

  private constructor(file: string) {
    this.db = new Database(file);
    try {
      // WAL: readers never block the writer, and a crash loses nothing committed.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 2000');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.statements = {
      lastLesson: this.db.prepare<[string], { last_lesson: string | null }>('SELECT last_lesson FROM learner WHERE learner = ?'),
      setLastLesson: this.db.prepare(
        'INSERT INTO learner (learner, last_lesson, updated_at) VALUES (?, ?, ?) ON CONFLICT (learner) DO UPDATE SET last_lesson = excluded.last_lesson, updated_at = excluded.updated_at',
      ),
      lesson: this.db.prepare<[string, string], { locale: string | null; current_step: string | null }>(
        'SELECT locale, current_step FROM lesson_progress WHERE learner = ? AND lesson = ?',
      ),
      steps: this.db.prepare<[string, string], StepRow>(
        'SELECT step, status, attempts, time_ms, passed_at, last_message FROM step_progress WHERE learner = ? AND lesson = ?',
      ),
      setPosition: this.db.prepare(
        `INSERT INTO lesson_progress (learner, lesson, locale, current_step, updated_at) VALUES (@learner, @lesson, @locale, @step, @now)
         ON CONFLICT (learner, lesson) DO UPDATE SET locale = coalesce(excluded.locale, locale),
           current_step = coalesce(excluded.current_step, current_step), updated_at = excluded.updated_at`,
      ),
      ensureStep: this.db.prepare('INSERT OR IGNORE INTO step_progress (learner, lesson, step) VALUES (?, ?, ?)'),
      addAttempt: this.db.prepare('UPDATE step_progress SET attempts = attempts + 1 WHERE learner = ? AND lesson = ? AND step = ?'),
      addTime: this.db.prepare('UPDATE step_progress SET time_ms = time_ms + ? WHERE learner = ? AND lesson = ? AND step = ?'),
      finish: this.db.prepare(
        "UPDATE step_progress SET status = ?, passed_at = ? WHERE learner = ? AND lesson = ? AND step = ? AND status = 'pending'",
      ),
      setMessage: this.db.prepare('UPDATE step_progress SET last_message = ? WHERE learner = ? AND lesson = ? AND step = ?'),
      resetStep: this.db.prepare('DELETE FROM step_progress WHERE learner = ? AND lesson = ? AND step = ?'),
      resetSteps: this.db.prepare('DELETE FROM step_progress WHERE learner = ? AND lesson = ?'),
      resetLesson: this.db.prepare('UPDATE lesson_progress SET current_step = NULL WHERE learner = ? AND lesson = ?'),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`progress database is version ${version}, newer than this kubeclass (${SCHEMA_VERSION}): upgrade kubeclass`);
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  /** The lesson the learner opened last. */
  lastLesson(learner: string): string | undefined {
    return this.statements.lastLesson.get(learner)?.last_lesson ?? undefined;
  }

  lesson(learner: string, lesson: string): LessonRecord {
    const position = this.statements.lesson.get(learner, lesson);
    const steps = new Map<string, StepRecord>();
    for (const row of this.statements.steps.all(learner, lesson)) {
      steps.set(row.step, {
        status: row.status,
        attempts: row.attempts,
        timeMs: row.time_ms,
        passedAt: row.passed_at ?? undefined,
        lastMessage: row.last_message ?? undefined,
      });
    }
    return { locale: position?.locale ?? undefined, currentStep: position?.current_step ?? undefined, steps };
  }

  /** The learner is on this lesson (and step, and locale, when given). */
  setPosition(learner: string, lesson: string, position: { step?: string; locale?: string }, now = Date.now()): void {
    this.db.transaction(() => {
      this.statements.setLastLesson.run(learner, lesson, now);
      this.statements.setPosition.run({ learner, lesson, locale: position.locale ?? null, step: position.step ?? null, now });
    })();
  }

  addAttempt(learner: string, lesson: string, step: string): void {
    this.db.transaction(() => {
      this.statements.ensureStep.run(learner, lesson, step);
      this.statements.addAttempt.run(learner, lesson, step);
    })();
  }

  addTime(learner: string, lesson: string, step: string, ms: number): void {
    if (!(ms > 0)) return;
    this.db.transaction(() => {
      this.statements.ensureStep.run(learner, lesson, step);
      this.statements.addTime.run(Math.round(ms), learner, lesson, step);
    })();
  }

  /** Marks a pending step passed (or skipped); a step already finished keeps its first status and time. */
  finish(learner: string, lesson: string, step: string, status: Exclude<StepStatus, 'pending'>, at = Date.now()): boolean {
    return this.db.transaction(() => {
      this.statements.ensureStep.run(learner, lesson, step);
      return this.statements.finish.run(status, at, learner, lesson, step).changes > 0;
    })();
  }

  setLastMessage(learner: string, lesson: string, step: string, message: string | undefined): void {
    this.db.transaction(() => {
      this.statements.ensureStep.run(learner, lesson, step);
      this.statements.setMessage.run(message ?? null, learner, lesson, step);
    })();
  }

  resetStep(learner: string, lesson: string, step: string): void {
    this.statements.resetStep.run(learner, lesson, step);
  }

  /** Forgets every step of the lesson and the position in it (the locale stays the learner's choice). */
  resetLesson(learner: string, lesson: string): void {
    this.db.transaction(() => {
      this.statements.resetSteps.run(learner, lesson);
      this.statements.resetLesson.run(learner, lesson);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
