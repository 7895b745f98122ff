/**
 * Raft's durable state — term, vote and log — as an event-sourced Pekko actor.
 *
 * <p>Each write batch of the Raft host becomes one {@code persistAll} of past-tense events, which
 * the journal writes in one transaction with one fsync; the reply comes only after that, which is
 * what lets the host release messages that depend on durability. On start the recovered state is
 * handed to the host. The journal plugin itself (package {@code journal}) knows nothing of Raft.
 */
package io.raftlite.raft.storage;
