package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the host must do after one input to {@link RaftNode}, in this order:
 * <ol>
 *   <li>durably write {@code hardState} (if present), then remove the log from
 *       {@code truncateFrom} (if present) and append {@code entriesToAppend} — one atomic write;</li>
 *   <li>send {@code messages} at once: they do not depend on that write (a leader's
 *       AppendEntries may travel while its own copy is being written, §10.2.1);</li>
 *   <li>send {@code messagesAfterPersist} only once that write and every earlier one are durable
 *       (vote grants, append acknowledgements, a candidate's vote requests), then report
 *       "persisted" back to the node;</li>
 *   <li>apply {@code committedEntries} in order (they are committed and durable here);</li>
 *   <li>complete the reads in {@code reads}.</li>
 * </ol>
 * {@code role}, {@code term} and {@code leader} are the node's state after the input.
 */
public record Ready(Optional<HardState> hardState, OptionalLong truncateFrom, List<LogEntry> entriesToAppend,
                    List<Envelope> messages, List<Envelope> messagesAfterPersist,
                    List<LogEntry> committedEntries, List<ReadOutcome> reads,
                    RoleKind role, long term, Optional<NodeId> leader) {

    public Ready {
        entriesToAppend = List.copyOf(entriesToAppend);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        reads = List.copyOf(reads);
    }

    /** True if this Ready needs a durable write before its later messages may leave. */
    public boolean needsPersist() {
        return hardState.isPresent() || !entriesToAppend.isEmpty();
    }

    /** The last entry this Ready appends: what "persisted up to" means for it. */
    public Optional<LogEntry> lastAppended() {
        return entriesToAppend.isEmpty() ? Optional.empty() : Optional.of(entriesToAppend.get(entriesToAppend.size() - 1));
    }
}
