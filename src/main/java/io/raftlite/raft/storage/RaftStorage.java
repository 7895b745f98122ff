package io.raftlite.raft.storage;

import io.raftlite.raft.HardState;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.message.CborSerializable;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable Raft state of one node. Commands are local only; events are what the journal stores.
 * The state is mutated in place by the event handler: copying a growing log per event would be
 * quadratic, and nothing else holds a reference to it.
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

    public record LoadedState(HardState hardState, List<LogEntry> log) implements NoSerializationVerificationNeeded {
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

    static final class State {
        private long term;
        private NodeId votedFor;
        private final ArrayList<LogEntry> log = new ArrayList<>();

        HardState hardState() {
            return new HardState(term, Optional.ofNullable(votedFor));
        }
    }

    private final String journalPluginId;

    private RaftStorage(PersistenceId persistenceId, String journalPluginId) {
        super(persistenceId);
        this.journalPluginId = journalPluginId;
    }

    /**
     * @param journalPluginId the journal to use; empty means the one configured as
     *                        {@code pekko.persistence.journal.plugin}
     */
    public static Behavior<Command> create(NodeId nodeId, String journalPluginId) {
        return new RaftStorage(PersistenceId.ofUniqueId("raft-" + nodeId.value()), journalPluginId);
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
                command.replyTo().tell(new LoadedState(current.hardState(), List.copyOf(current.log))));
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
                .onEvent(LogTruncatedFrom.class, (state, event) -> {
                    if (event.index() <= state.log.size()) {
                        state.log.subList((int) event.index() - 1, state.log.size()).clear();
                    }
                    return state;
                })
                .onEvent(EntriesAppended.class, (state, event) -> {
                    for (LogEntry entry : event.entries()) {
                        if (entry.index() != state.log.size() + 1) {
                            throw new IllegalStateException("stored log would have a gap: appending index "
                                    + entry.index() + " after " + state.log.size());
                        }
                        state.log.add(entry);
                    }
                    return state;
                })
                .build();
    }
}
