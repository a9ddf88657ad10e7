// What a classroom remembers across restarts (SQLite, beside the progress store): its lesson, join code and
// instructor token, each learner (name, a hash of their token, seat, times, state) and the broadcasts. Running
// shells are the only thing a restart loses; a learner's progress lives in the progress store under their id.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface LearnerRecord {
  id: string;
  name: string;
  seat: string | undefined;
  joinedAt: number;
  lastSeenAt: number;
  expiresAt: number | undefined;
  state: 'active' | 'expired';
}

interface LearnerRow {
  id: string;
  name: string;
  seat: string | null;
  joined_at: number;
  last_seen_at: number;
  expires_at: number | null;
  state: 'active' | 'expired';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS learner (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL,
  seat TEXT,
  joined_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'expired'))
);
CREATE TABLE IF NOT EXISTS broadcast (at INTEGER NOT NULL, text TEXT NOT NULL);
-- A learner's cluster as it was last saved (a sandbox lives in memory; this is what a restart gives back), and
-- where it ran (a sandbox's loopback address: the new one takes it again, so URLs stay the same).
CREATE TABLE IF NOT EXISTS cluster_state (learner_id TEXT PRIMARY KEY REFERENCES learner(id), state TEXT NOT NULL, saved_at INTEGER NOT NULL, place TEXT);
`;

/** Letters and digits that cannot be misread when read aloud or written on a board (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The name a learner is found by when they come back with the join code: case and spacing do not matter. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export class ClassroomStore {
  private readonly db: Database.Database;

  private constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    // classroom.db files from before `place` existed.
    const columns = this.db.prepare('PRAGMA table_info(cluster_state)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'place')) this.db.exec('ALTER TABLE cluster_state ADD COLUMN place TEXT');
  }

  static open(file: string): ClassroomStore {
    return new ClassroomStore(file);
  }

  /** The classroom's settings, made once and kept: the same join code and instructor URL after a restart. */
  identity(lessonId: string): { joinCode: string; instructorToken: string; created: boolean } {
    const get = (key: string): string | undefined => (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    const existingLesson = get('lesson');
    if (existingLesson && existingLesson !== lessonId) {
      throw new Error(`this data directory holds a classroom for lesson "${existingLesson}", not "${lessonId}": use another --data-dir (or the same lesson)`);
    }
    let created = false;
    const set = this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
    if (!existingLesson) {
      created = true;
      set.run('lesson', lessonId);
      set.run('join_code', Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''));
      set.run('instructor_token', randomBytes(24).toString('base64url'));
    }
    return { joinCode: get('join_code')!, instructorToken: get('instructor_token')!, created };
  }

  learners(): LearnerRecord[] {
    return (this.db.prepare('SELECT * FROM learner ORDER BY joined_at').all() as LearnerRow[]).map(toRecord);
  }

  learner(id: string): LearnerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM learner WHERE id = ?').get(id) as LearnerRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  byToken(token: string): LearnerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM learner WHERE token_hash = ?').get(hashToken(token)) as LearnerRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  byName(name: string): LearnerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM learner WHERE name_key = ?').get(nameKey(name)) as LearnerRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  addLearner(learner: { id: string; name: string; token: string; now: number }): void {
    this.db
      .prepare('INSERT INTO learner (id, name, name_key, token_hash, joined_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(learner.id, learner.name, nameKey(learner.name), hashToken(learner.token), learner.now, learner.now);
  }

  /** A returning learner (join code + name from another browser) gets a new token; the old one stops working. */
  replaceToken(id: string, token: string): void {
    this.db.prepare('UPDATE learner SET token_hash = ? WHERE id = ?').run(hashToken(token), id);
  }

  setSeat(id: string, seat: string | undefined, expiresAt: number | undefined): void {
    this.db.prepare("UPDATE learner SET seat = ?, expires_at = ?, state = CASE WHEN ? IS NULL THEN state ELSE 'active' END WHERE id = ?").run(seat ?? null, expiresAt ?? null, seat ?? null, id);
  }

  touch(id: string, now: number, expiresAt: number): void {
    this.db.prepare('UPDATE learner SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(now, expiresAt, id);
  }

  /** An expired seat's cluster is gone with it: the next seat starts fresh. */
  expire(id: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE learner SET seat = NULL, expires_at = NULL, state = 'expired' WHERE id = ?").run(id);
      this.db.prepare('DELETE FROM cluster_state WHERE learner_id = ?').run(id);
    })();
  }

  saveClusterState(id: string, state: string, now: number, place?: string): void {
    this.db
      .prepare('INSERT INTO cluster_state (learner_id, state, saved_at, place) VALUES (?, ?, ?, ?) ON CONFLICT (learner_id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at, place = excluded.place')
      .run(id, state, now, place ?? null);
  }

  /** Where the learner's saved cluster ran (SeatEnvironment.place). */
  clusterPlace(id: string): string | undefined {
    return (this.db.prepare('SELECT place FROM cluster_state WHERE learner_id = ?').get(id) as { place: string | null } | undefined)?.place ?? undefined;
  }

  /** Every saved cluster's place: kept for their learners after a restart. */
  clusterPlaces(): string[] {
    return (this.db.prepare('SELECT place FROM cluster_state WHERE place IS NOT NULL').all() as { place: string }[]).map((r) => r.place);
  }

  clusterState(id: string): string | undefined {
    return (this.db.prepare('SELECT state FROM cluster_state WHERE learner_id = ?').get(id) as { state: string } | undefined)?.state;
  }

  addBroadcast(at: number, text: string): void {
    this.db.prepare('INSERT INTO broadcast (at, text) VALUES (?, ?)').run(at, text);
  }

  broadcasts(): { at: number; text: string }[] {
    return this.db.prepare('SELECT at, text FROM broadcast ORDER BY at').all() as { at: number; text: string }[];
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: LearnerRow): LearnerRecord {
  return {
    id: row.id,
    name: row.name,
    seat: row.seat ?? undefined,
    joinedAt: row.joined_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at ?? undefined,
    state: row.state,
  };
}
