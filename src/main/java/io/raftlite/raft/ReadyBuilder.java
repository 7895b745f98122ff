package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Collects the effects of one input; {@link RaftNode} turns it into an immutable {@link Ready}. */
final class ReadyBuilder {
    private HardState hardState;
    private long truncateFrom;
    private final List<LogEntry> appended = new ArrayList<>();
    private final List<Envelope> messages = new ArrayList<>();
    private final List<Envelope> messagesAfterPersist = new ArrayList<>();
    private final List<ReadOutcome> reads = new ArrayList<>();
    private SnapshotMeta compactTo;
    private SnapshotMeta installed;
    private final List<NodeId> snapshotsNeeded = new ArrayList<>();

    void compactTo(SnapshotMeta snapshot) {
        compactTo = snapshot;
    }

    void installed(SnapshotMeta snapshot) {
        installed = snapshot;
    }

    void snapshotNeeded(NodeId peer) {
        snapshotsNeeded.add(peer);
    }

    void hardState(HardState state) {
        hardState = state;
    }

    void appended(LogEntry entry) {
        appended.add(entry);
    }

    void truncatedFrom(long index) {
        appended.removeIf(entry -> entry.index() >= index);
        if (truncateFrom == 0 || index < truncateFrom) {
            truncateFrom = index;
        }
    }

    void send(NodeId to, RaftMessage message) {
        messages.add(new Envelope(to, message));
    }

    void sendAfterPersist(NodeId to, RaftMessage message) {
        messagesAfterPersist.add(new Envelope(to, message));
    }

    void read(ReadOutcome outcome) {
        reads.add(outcome);
    }

    Ready build(List<LogEntry> committed, RoleKind role, long term, Optional<NodeId> leader) {
        return new Ready(Optional.ofNullable(hardState),
                truncateFrom == 0 ? OptionalLong.empty() : OptionalLong.of(truncateFrom),
                appended, messages, messagesAfterPersist, committed, reads, role, term, leader,
                Optional.ofNullable(compactTo), Optional.ofNullable(installed), snapshotsNeeded);
    }
}
