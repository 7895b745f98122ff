/**
 * What a SQL write looks like in the Raft log, and the preparation done on the node that receives it.
 *
 * <p>{@link io.raftlite.command.SqlCommand} is one HTTP request's statements; {@link
 * io.raftlite.command.CommandCodec} is its byte format in the log. That format is hand-written
 * binary with a version byte, not Jackson: log entries live for as long as the log and snapshots do,
 * so the format must never change by accident with a library upgrade. {@link
 * io.raftlite.command.NonDeterministicRewriter} makes statements deterministic before they are
 * replicated; {@link io.raftlite.command.SqlParameters} numbers parameters the way SQLite does.
 */
package io.raftlite.command;
