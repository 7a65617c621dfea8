// One write transaction on a cache database: committed when `run` returns, rolled back (and the
// error passed on) when it throws. BEGIN IMMEDIATE takes the write lock at once, so a busy file
// fails here rather than halfway through.
import type { DatabaseSync } from 'node:sqlite';

export function inTransaction(db: DatabaseSync, run: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    run();
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
