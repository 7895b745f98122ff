package io.raftlite.raft.actor;

import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.NodeId;

import java.util.Optional;

/**
 * What a node's Raft did, for a white-box audit after a test run (one leader per term, the same
 * entry at every applied index on every node, terms that never go back). Implementations must
 * not block: the Raft actor calls them on Pekko's default dispatcher.
 */
public interface RaftEvents {
    /** The node (re)started with this durable term. */
    void started(long term);

    void role(RoleKind role, long term, Optional<NodeId> leader);

    /** The hard state (term and vote) is durable: a restart comes back with this term or a later one. */
    void persisted(long term, Optional<NodeId> votedFor);

    /** A vote for {@code candidate} was granted, after it was made durable. */
    void voted(long term, NodeId candidate);

    void committed(long term, long index);

    /** The state machine applied the entry at {@code index}; {@code digest} identifies its content. */
    void applied(long term, long index, long entryTerm, String digest);

    /** The log was compacted up to a snapshot of the state machine at {@code index}. */
    void snapshotTaken(long term, long index, long entryTerm);

    /** The leader's snapshot up to {@code index} is durable here; the state machine will become it. */
    void snapshotInstalled(long term, long index, long entryTerm);

    RaftEvents NONE = new RaftEvents() {
        @Override
        public void started(long term) {
        }

        @Override
        public void role(RoleKind role, long term, Optional<NodeId> leader) {
        }

        @Override
        public void persisted(long term, Optional<NodeId> votedFor) {
        }

        @Override
        public void voted(long term, NodeId candidate) {
        }

        @Override
        public void committed(long term, long index) {
        }

        @Override
        public void applied(long term, long index, long entryTerm, String digest) {
        }

        @Override
        public void snapshotTaken(long term, long index, long entryTerm) {
        }

        @Override
        public void snapshotInstalled(long term, long index, long entryTerm) {
        }
    };
}
