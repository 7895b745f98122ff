package io.raftlite.raft.actor;

import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;

import java.nio.file.Path;
import java.util.List;

/**
 * The protocol between the Raft host and the actor that applies committed entries to the state
 * machine (owned here, implemented by {@link StateMachineApplier} and the SQL applier).
 */
public final class Applier {
    private Applier() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** Apply these committed entries, in order, and report each result. */
    public record Apply(List<LogEntry> entries, ActorRef<Applied> replyTo) implements Command {
    }

    /** Which index the state machine has applied up to (asked once, at start). */
    public record GetLastApplied(ActorRef<LastApplied> replyTo) implements Command {
    }

    /**
     * Make everything applied so far durable (fsynced), so the Raft log before it can be compacted;
     * answered with the applied index it covers.
     */
    public record MakeDurable(ActorRef<DurableThrough> replyTo) implements Command {
    }

    public record DurableThrough(long index) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    /**
     * Write a consistent, fsynced copy of the state machine into {@code directory} without holding
     * up applies for long; answered with the file and the applied index it holds.
     */
    public record ExportSnapshot(Path directory, ActorRef<ExportResult> replyTo) implements Command {
    }

    public sealed interface ExportResult extends RaftActor.Command, NoSerializationVerificationNeeded
            permits SnapshotExported, ExportFailed {
    }

    public record SnapshotExported(Path file, long index, long size, long checksum) implements ExportResult {
    }

    public record ExportFailed(String reason) implements ExportResult {
    }

    /**
     * Replace the whole state machine with the snapshot in {@code file} (a leader's copy, verified),
     * durably and atomically for readers; answered with the applied index it now holds.
     */
    public record RestoreSnapshot(Path file, ActorRef<Restored> replyTo) implements Command {
    }

    public record Restored(long index) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    /**
     * Run {@code action} on the applier's thread between two batches, when nothing writes the state
     * machine (fault injection: a simulated power cut truncates its files there, then halts).
     */
    public record RunExclusive(Runnable action) implements Command {
    }

    public record Applied(List<EntryResult> results) implements RaftActor.Command, NoSerializationVerificationNeeded {
        public long lastIndex() {
            return results.get(results.size() - 1).index();
        }
    }

    public record LastApplied(long index) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    /** What applying the entry at ({@code index}, {@code term}) produced. */
    public record EntryResult(long index, long term, Object result) {
    }
}
