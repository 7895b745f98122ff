/**
 * SQLite without actors: the replicated state machine that applies committed SQL to
 * {@code db.sqlite}, the pool of read-only connections that serves queries, and the mapping of
 * JDBC results to the api model. Testable with temporary files alone.
 *
 * <p>The state machine records the last applied log index in a table of its own,
 * {@code _raftlite_applied}, inside the same transaction as the entries it covers, so a crash keeps
 * both or neither and a restart neither re-applies nor skips an entry. A table, because SQLite's
 * {@code user_version} belongs to the users (migration tools use it) and holds only 32 bits, and an
 * attached database would not commit atomically with the main one in WAL mode.
 *
 * <p>Raft snapshots are whole copies of the database: {@link io.raftlite.db.SqliteSnapshots} takes
 * them with {@code VACUUM INTO} while entries keep applying, and
 * {@link io.raftlite.db.SqliteStateMachine#restoreFrom} brings one back through SQLite's online
 * backup, which readers see as a single commit. The applied position travels inside the copy.
 */
package io.raftlite.db;
