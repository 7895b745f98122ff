/**
 * Pekko Persistence plugins on SQLite: a journal and a snapshot store. They know nothing of Raft;
 * Pekko's persistence TCK proves them.
 *
 * <p>Why our own: Pekko's bundled LevelDB journal and local snapshot store, and the JDBC plugin on
 * H2, do not fsync reliably, and Raft's safety rests on "durable before acknowledged". Here every
 * journal write is one SQLite transaction in WAL mode with {@code synchronous=FULL} (the commit is
 * on disk when it returns), and a snapshot file is written under a temporary name, fsynced,
 * renamed atomically and its directory fsynced, so a crash leaves either the old or the new file.
 * JDBC and file work runs on the plugins' own dispatcher, never Pekko's default one.
 */
package io.raftlite.journal;
