/**
 * The single writer of {@code db.sqlite}: an actor speaking the Raft host's {@code Applier}
 * protocol. It must run on its own dispatcher (the launcher spawns it on
 * {@code raftlite.sqlite-dispatcher}): SQLite blocks, and Pekko's default dispatcher must never.
 */
package io.raftlite.db.actor;
