package io.raftlite.raft.actor;

import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;

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
