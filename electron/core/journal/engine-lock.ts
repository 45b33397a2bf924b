import type Database from 'better-sqlite3';

/**
 * One payment engine per journal file. Crash recovery treats every open session as left behind
 * by a dead till; that is only true when no other live process is running payments on the same
 * file (the app, and `ecr sale` in a terminal beside it). The lock names its owner and keeps a
 * heartbeat; it is taken over when its owner is gone: a dead process on this machine at once
 * (so recovery right after a crash is not delayed). A live process on this machine is never
 * overtaken, whatever its heartbeat says (a slow network or a busy disk can delay a beat). The
 * lock of another machine is taken only once its heartbeat has stood still for a stale period,
 * which the caller judges on its own monotonic clock (`isStale`): two machines' wall clocks are
 * not comparable.
 */
export interface EngineLockOwner {
  /** Unique per engine instance. */
  id: string;
  pid: number;
  host: string;
}

export interface EngineLockHolder extends EngineLockOwner {
  acquiredAt: string;
  heartbeatAt: string;
}

export type EngineLockResult = { acquired: true } | { acquired: false; holder: EngineLockHolder };

interface LockRow {
  owner: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

export interface EngineLockPolicy {
  /** Wall-clock time, for the stamps only. */
  nowMs: number;
  /** Whether a process of this machine is alive (process.kill(pid, 0)). */
  isAlive: (pid: number) => boolean;
  /** Whether another machine's engine has stopped beating (its heartbeat unchanged for a stale period). */
  isStale: (holder: EngineLockHolder) => boolean;
}

/** The lock's default `isAlive`: whether a process of this machine is alive (signal 0 tests, sends nothing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class EngineLock {
  private readonly db: Database.Database;
  private readonly readStmt: Database.Statement<[], LockRow>;
  private readonly upsertStmt: Database.Statement;
  private readonly beatStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.db = db;
    this.readStmt = db.prepare('SELECT owner, pid, host, acquired_at, heartbeat_at FROM engine_lock WHERE id = 1');
    this.upsertStmt = db.prepare(
      `INSERT INTO engine_lock (id, owner, pid, host, acquired_at, heartbeat_at) VALUES (1, @id, @pid, @host, @at, @at)
       ON CONFLICT (id) DO UPDATE SET owner = @id, pid = @pid, host = @host, acquired_at = @at, heartbeat_at = @at`,
    );
    this.beatStmt = db.prepare('UPDATE engine_lock SET heartbeat_at = ? WHERE id = 1 AND owner = ?');
    this.releaseStmt = db.prepare('DELETE FROM engine_lock WHERE id = 1 AND owner = ?');
  }

  /** Takes the lock unless another live engine holds it; atomic against other processes. */
  acquire(owner: EngineLockOwner, policy: EngineLockPolicy): EngineLockResult {
    return this.db
      .transaction((): EngineLockResult => {
        const row = this.readStmt.get();
        if (row && row.owner !== owner.id) {
          const holder: EngineLockHolder = { id: row.owner, pid: row.pid, host: row.host, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at };
          const alive = row.host === owner.host ? policy.isAlive(row.pid) : !policy.isStale(holder);
          if (alive) return { acquired: false, holder };
        }
        this.upsertStmt.run({ ...owner, at: new Date(policy.nowMs).toISOString() });
        return { acquired: true };
      })
      .immediate();
  }

  /** Who holds the lock now, if anyone. */
  holder(): EngineLockHolder | undefined {
    const row = this.readStmt.get();
    return row ? { id: row.owner, pid: row.pid, host: row.host, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at } : undefined;
  }

  /** Keeps the lock fresh; false when it was taken over (this engine must stop taking payments). */
  renew(ownerId: string, nowMs: number): boolean {
    return this.beatStmt.run(new Date(nowMs).toISOString(), ownerId).changes === 1;
  }

  release(ownerId: string): void {
    this.releaseStmt.run(ownerId);
  }
}
