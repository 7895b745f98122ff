/**
 * The wire protocol between Raft peers and the log's data: records only, JDK imports only.
 *
 * <p>Every peer message is a {@link io.raftlite.raft.message.RaftMessage} that carries the
 * sender's term and id, so the term rule is applied once, before any role sees the message.
 * Pekko binds {@code RaftMessage} and {@code LogEntry} to Jackson CBOR by configuration, which is
 * why nothing here imports Pekko or Jackson.
 */
package io.raftlite.raft.message;
