/**
 * The Pekko host of the Raft protocol. {@link io.raftlite.raft.actor.RaftActor} feeds ticks, peer
 * messages, proposals and storage acknowledgements to {@link io.raftlite.raft.RaftNode} and carries
 * out each {@link io.raftlite.raft.Ready}: durable writes through {@code raft.storage} (one in flight,
 * the rest batched — group commit), messages to peers over Artery, committed entries to the
 * applier. Its behaviours per role differ only in actor concerns (who may propose or read); every
 * protocol decision is the core's.
 *
 * <p>Peers are addressed through refs found by {@link io.raftlite.raft.actor.PeerDiscovery}; there is
 * no remote DeathWatch between peers (a quarantined peer could only come back by restarting).
 */
package io.raftlite.raft.actor;
