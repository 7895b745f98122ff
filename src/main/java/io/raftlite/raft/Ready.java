package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the host must do after one input to {@link RaftNode}, in this order:
 * <ol>
 *   <li>durably write {@code hardState} (if present), then drop the log up to {@code compactTo}
 *       (if present, recording it as the log's snapshot), then remove the log from
 *       {@code truncateFrom} (if present) and append {@code entriesToAppend} — one atomic write;</li>
 *   <li>once that write is durable and before applying anything later: if {@code installed} is
 *       present, restore the state machine from the leader's snapshot it names;</li>
 *   <li>send {@code messages} at once: they do not depend on that write (a leader's
 *       AppendEntries may travel while its own copy is being written, §10.2.1);</li>
 *   <li>send {@code messagesAfterPersist} only once that write and every earlier one are durable
 *       (vote grants, append acknowledgements, a candidate's vote requests), then report
 *       "persisted" back to the node;</li>
 *   <li>apply {@code committedEntries} in order (they are committed and durable here);</li>
 *   <li>complete the reads in {@code reads}.</li>
 * </ol>
 * Besides: a leader asks for a snapshot to be sent to each peer in {@code snapshotsNeeded}.
 * {@code role}, {@code term} and {@code leader} are the node's state after the input.
 */
public record Ready(Optional<HardState> hardState, OptionalLong truncateFrom, List<LogEntry> entriesToAppend,
                    List<Envelope> messages, List<Envelope> messagesAfterPersist,
                    List<LogEntry> committedEntries, List<ReadOutcome> reads,
                    RoleKind role, long term, Optional<NodeId> leader,
                    Optional<SnapshotMeta> compactTo, Optional<SnapshotMeta> installed, List<NodeId> snapshotsNeeded) {

    /** A Ready without snapshot work. */
    public Ready(Optional<HardState> hardState, OptionalLong truncateFrom, List<LogEntry> entriesToAppend,
                 List<Envelope> messages, List<Envelope> messagesAfterPersist, List<LogEntry> committedEntries,
                 List<ReadOutcome> reads, RoleKind role, long term, Optional<NodeId> leader) {
        this(hardState, truncateFrom, entriesToAppend, messages, messagesAfterPersist, committedEntries, reads, role, term,
                leader, Optional.empty(), Optional.empty(), List.of());
    }

    public Ready {
        snapshotsNeeded = List.copyOf(snapshotsNeeded);
        entriesToAppend = List.copyOf(entriesToAppend);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        reads = List.copyOf(reads);
    }

    /** True if this Ready needs a durable write before its later messages may leave. */
    public boolean needsPersist() {
        return hardState.isPresent() || !entriesToAppend.isEmpty() || compactTo.isPresent();
    }

    /** The last entry this Ready appends: what "persisted up to" means for it. */
    public Optional<LogEntry> lastAppended() {
        return entriesToAppend.isEmpty() ? Optional.empty() : Optional.of(entriesToAppend.get(entriesToAppend.size() - 1));
    }
}
