package io.raftlite.raft.storage;

import io.raftlite.raft.HardState;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.message.CborSerializable;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable Raft state of one node: term, vote, the snapshot the log starts after, and the log
 * entries after it. Commands are local only; events are what the journal stores. The state is
 * mutated in place by the event handler: copying the log per event would be quadratic, and nothing
 * else holds a reference to it. Every {@code eventsPerSnapshot} events a Pekko snapshot of the
 * state is saved and the events before it are deleted, so neither the journal nor recovery grows
 * with the history once the Raft log is compacted.
 */
public final class RaftStorage extends EventSourcedBehavior<RaftStorage.Command, RaftStorage.Event, RaftStorage.State> {

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** Asks for the recovered state; answered once recovery has finished. */
    public record LoadState(ActorRef<LoadedState> replyTo) implements Command {
    }

    /** Makes a batch durable; {@link Written} follows only after the journal's fsync. */
    public record Write(WriteBatch batch, ActorRef<Written> replyTo) implements Command {
    }

    /** @param log the entries after {@code snapshot} */
    public record LoadedState(HardState hardState, SnapshotMeta snapshot, List<LogEntry> log)
            implements NoSerializationVerificationNeeded {
        /** A log that was never compacted. */
        public LoadedState(HardState hardState, List<LogEntry> log) {
            this(hardState, SnapshotMeta.NONE, log);
        }

        /** True for a node that has never stored a log entry or snapshot. */
        public boolean isEmpty() {
            return log.isEmpty() && snapshot.index() == 0;
        }
    }

    public record Written(WriteBatch batch) implements NoSerializationVerificationNeeded {
    }

    public sealed interface Event extends CborSerializable {
    }

    /** The node moved to a newer term, with no vote cast in it yet. */
    public record TermAdvanced(long term) implements Event {
    }

    public record VoteCast(long term, NodeId candidate) implements Event {
    }

    /** The log lost every entry from {@code index} on (a conflicting suffix, §5.3). */
    public record LogTruncatedFrom(long index) implements Event {
    }

    public record EntriesAppended(List<LogEntry> entries) implements Event {
    }

    /** The state machine durably holds everything up to the snapshot's index: the log now starts after it. */
    public record LogCompacted(SnapshotMeta snapshot) implements Event {
    }

    /** A Pekko snapshot of the state: an immutable copy, since the live state keeps changing. */
    public record StoredState(long term, NodeId votedFor, SnapshotMeta snapshot, List<LogEntry> log)
            implements CborSerializable {
    }

    static final class State {
        private long term;
        private NodeId votedFor;
        private SnapshotMeta snapshot = SnapshotMeta.NONE;
        private final ArrayList<LogEntry> log = new ArrayList<>();

        HardState hardState() {
            return new HardState(term, Optional.ofNullable(votedFor));
        }

        long lastIndex() {
            return snapshot.index() + log.size();
        }

        StoredState stored() {
            return new StoredState(term, votedFor, snapshot, List.copyOf(log));
        }

        static State of(StoredState stored) {
            State state = new State();
            state.term = stored.term();
            state.votedFor = stored.votedFor();
            state.snapshot = stored.snapshot();
            state.log.addAll(stored.log());
            return state;
        }
    }

    /** Default for how many events pass between two Pekko snapshots of the storage state. */
    public static final int DEFAULT_EVENTS_PER_SNAPSHOT = 1000;

    private final String journalPluginId;
    private final int eventsPerSnapshot;

    private RaftStorage(PersistenceId persistenceId, String journalPluginId, int eventsPerSnapshot) {
        super(persistenceId);
        this.journalPluginId = journalPluginId;
        this.eventsPerSnapshot = eventsPerSnapshot;
    }

    /**
     * @param journalPluginId the journal to use; empty means the one configured as
     *                        {@code pekko.persistence.journal.plugin}
     */
    public static Behavior<Command> create(NodeId nodeId, String journalPluginId) {
        return create(nodeId, journalPluginId, DEFAULT_EVENTS_PER_SNAPSHOT);
    }

    public static Behavior<Command> create(NodeId nodeId, String journalPluginId, int eventsPerSnapshot) {
        if (eventsPerSnapshot < 1) {
            throw new IllegalArgumentException("eventsPerSnapshot must be at least 1, got " + eventsPerSnapshot);
        }
        return new RaftStorage(PersistenceId.ofUniqueId("raft-" + nodeId.value()), journalPluginId, eventsPerSnapshot);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        // Keep two snapshots' worth of events: if the newest snapshot is unreadable, the one
        // before it and the events after it still recover the state.
        return RetentionCriteria.snapshotEvery(eventsPerSnapshot, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(State state) {
                return state.stored();
            }

            @Override
            public State fromJournal(Object stored) {
                return State.of((StoredState) stored);
            }
        };
    }

    @Override
    public String journalPluginId() {
        return journalPluginId;
    }

    @Override
    public State emptyState() {
        return new State();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(LoadState.class, this::onLoadState)
                .onCommand(Write.class, this::onWrite)
                .build();
    }

    private Effect<Event, State> onLoadState(State state, LoadState command) {
        return Effect().none().thenRun(current ->
                command.replyTo().tell(new LoadedState(current.hardState(), current.snapshot, List.copyOf(current.log))));
    }

    private Effect<Event, State> onWrite(State state, Write command) {
        List<Event> events = eventsFor(state, command.batch());
        return Effect().persist(events).thenRun(current -> command.replyTo().tell(new Written(command.batch())));
    }

    private static List<Event> eventsFor(State state, WriteBatch batch) {
        List<Event> events = new ArrayList<>();
        batch.hardState().ifPresent(hardState -> {
            if (hardState.term() > state.term) {
                events.add(new TermAdvanced(hardState.term()));
            }
            hardState.votedFor()
                    .filter(candidate -> hardState.term() > state.term || !candidate.equals(state.votedFor))
                    .ifPresent(candidate -> events.add(new VoteCast(hardState.term(), candidate)));
        });
        batch.compactTo().filter(snapshot -> snapshot.index() > state.snapshot.index())
                .ifPresent(snapshot -> events.add(new LogCompacted(snapshot)));
        batch.truncateFrom().ifPresent(index -> events.add(new LogTruncatedFrom(index)));
        if (!batch.entries().isEmpty()) {
            events.add(new EntriesAppended(batch.entries()));
        }
        return events;
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(TermAdvanced.class, (state, event) -> {
                    state.term = event.term();
                    state.votedFor = null;
                    return state;
                })
                .onEvent(VoteCast.class, (state, event) -> {
                    state.term = event.term();
                    state.votedFor = event.candidate();
                    return state;
                })
                .onEvent(LogCompacted.class, (state, event) -> {
                    SnapshotMeta snapshot = event.snapshot();
                    if (snapshot.index() > state.snapshot.index()) {
                        int covered = (int) Math.min(state.log.size(), snapshot.index() - state.snapshot.index());
                        state.log.subList(0, covered).clear();
                        state.snapshot = snapshot;
                    }
                    return state;
                })
                .onEvent(LogTruncatedFrom.class, (state, event) -> {
                    // Never into the snapshot: those entries are committed (and gone).
                    long from = Math.max(event.index(), state.snapshot.index() + 1);
                    if (from <= state.lastIndex()) {
                        state.log.subList((int) (from - state.snapshot.index() - 1), state.log.size()).clear();
                    }
                    return state;
                })
                .onEvent(EntriesAppended.class, (state, event) -> {
                    for (LogEntry entry : event.entries()) {
                        if (entry.index() != state.lastIndex() + 1) {
                            throw new IllegalStateException("stored log would have a gap: appending index "
                                    + entry.index() + " after " + state.lastIndex());
                        }
                        state.log.add(entry);
                    }
                    return state;
                })
                .build();
    }
}
