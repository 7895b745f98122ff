package io.raftlite.raft.actor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.raftlite.raft.RaftNode;
import io.raftlite.raft.ConfigurationCodec;
import io.raftlite.raft.HardState;
import io.raftlite.raft.Ready;
import io.raftlite.raft.WritePipeline;
import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import java.util.List;
import java.util.OptionalLong;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.CborSerializable;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The Raft actor of one node: its protocol, and its start-up (load the durable state and the
 * applier's position, then host a {@link RaftNode} in {@link RaftHost}).
 */
public final class RaftActor {
    private RaftActor() {
    }

    public sealed interface Command permits Propose, ProposeConfiguration, Bootstrap, TransferLeadership, ReadIndex, GetStatus, PeerMessage, PeersChanged,
            Applier.Applied, Applier.LastApplied, RaftHost.Tick, RaftHost.StateLoaded, RaftHost.WriteDurable, RaftHost.LateDelivery,
            BootstrapWritten, TakeSnapshot, Applier.DurableThrough, Applier.ExportResult, Applier.Restored,
            SnapshotTransfer.Chunk, SnapshotReceiver.Received, SnapshotSender.Finished {
    }

    /** Append {@code command} to the replicated log; answered once its outcome is known. */
    public record Propose(byte[] command, ActorRef<ProposeReply> replyTo) implements Command, NoSerializationVerificationNeeded {
    }

    /**
     * Change the cluster's membership to {@code next} (one server at a time). Answered like a proposal
     * once committed, or {@link Refused} at once (a change still in progress, more than one server).
     */
    public record ProposeConfiguration(ClusterConfiguration next, ActorRef<ProposeReply> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    /**
     * Create the cluster {@code configuration} if this node's log is empty (bootstrap-expect): answered
     * true once the configuration is durable as entry 1, false if the node already has a log.
     */
    public record Bootstrap(ClusterConfiguration configuration, ActorRef<Boolean> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** Hand leadership to {@code target} (or the most up-to-date voter): answered when it starts, or why not. */
    public record TransferLeadership(Optional<NodeId> target, ActorRef<TransferReply> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    public sealed interface TransferReply extends NoSerializationVerificationNeeded
            permits TransferStarted, TransferRefused, NotLeaderReply {
    }

    /** TimeoutNow is on its way to {@code target} once it is up to date; it should lead within an election timeout. */
    public record TransferStarted(NodeId target) implements TransferReply {
    }

    public record TransferRefused(String reason) implements TransferReply {
    }

    /** Confirm this node may serve a linearizable read; answered once the state machine caught up. */
    public record ReadIndex(ActorRef<ReadIndexReply> replyTo) implements Command, NoSerializationVerificationNeeded {
    }

    /** Compact the log now: make the state machine durable and drop the entries it covers; answered with the snapshot's index. */
    public record TakeSnapshot(ActorRef<SnapshotTaken> replyTo) implements Command, NoSerializationVerificationNeeded {
    }

    /** The log started after {@code previousIndex} and now starts after {@code index}. */
    public record SnapshotTaken(long previousIndex, long index) implements NoSerializationVerificationNeeded {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command, NoSerializationVerificationNeeded {
    }

    /** A message from a Raft peer, over Artery. */
    public record PeerMessage(
            @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
            @JsonSubTypes({
                    @JsonSubTypes.Type(value = PreVote.class, name = "PreVote"),
                    @JsonSubTypes.Type(value = PreVoteReply.class, name = "PreVoteReply"),
                    @JsonSubTypes.Type(value = RequestVote.class, name = "RequestVote"),
                    @JsonSubTypes.Type(value = RequestVoteReply.class, name = "RequestVoteReply"),
                    @JsonSubTypes.Type(value = AppendEntries.class, name = "AppendEntries"),
                    @JsonSubTypes.Type(value = AppendEntriesReply.class, name = "AppendEntriesReply"),
                    @JsonSubTypes.Type(value = io.raftlite.raft.message.TimeoutNow.class, name = "TimeoutNow"),
                    @JsonSubTypes.Type(value = io.raftlite.raft.message.InstallSnapshot.class, name = "InstallSnapshot")})
            RaftMessage message) implements Command, CborSerializable {
    }

    /** The refs of the peers' Raft actors as currently known (from {@link PeerDiscovery}). */
    public record PeersChanged(Map<NodeId, ActorRef<Command>> peers) implements Command, NoSerializationVerificationNeeded {
    }

    public sealed interface ProposeReply extends NoSerializationVerificationNeeded
            permits Committed, NotLeaderReply, OutcomeUnknown, Refused {
    }

    public sealed interface ReadIndexReply extends NoSerializationVerificationNeeded
            permits ReadConfirmed, NotLeaderReply {
    }

    /** Refused because this node is not the leader: nothing was appended. */
    public sealed interface NotLeaderReply extends ProposeReply, ReadIndexReply, TransferReply permits NotLeader, LeaderUnknown {
    }

    /** The command was committed at {@code index} and applied; {@code result} is the state machine's. */
    public record Committed(long index, long term, Object result) implements ProposeReply {
    }

    /** Not appended: this node is not the leader; {@code leader} is. */
    public record NotLeader(NodeId leader) implements NotLeaderReply {
    }

    /** Not appended: no leader is known right now (an election is going on). */
    public record LeaderUnknown() implements NotLeaderReply {
    }

    /** Appended, but whether it will be committed is not known: never report this as a failure. */
    public record OutcomeUnknown(String reason) implements ProposeReply {
    }

    /** Not appended, for the reason given; it can be asked again later. */
    public record Refused(String reason) implements ProposeReply {
    }

    /** Leadership was confirmed after the request arrived and the state machine has applied {@code readIndex}. */
    public record ReadConfirmed(long readIndex) implements ReadIndexReply {
    }

    /**
     * @param matchIndexes on a leader, how far each other member's log is known to match (to tell
     *                     when a learner has caught up); empty elsewhere
     * @param sinceLeaderContact how long ago a leader last sent this node entries or a heartbeat
     *                     (zero on the leader; very long if never), for reads with {@code freshness}
     * @param behindFor    how long this node has continuously applied less than it knows committed
     *                     (zero when caught up), for reads with {@code freshness_strict}
     * @param configurationIndex the log index of {@code configuration} (committed once commitIndex reaches it)
     * @param snapshotIndex the log starts after this index (0 if never compacted)
     */
    public record Status(NodeId id, RoleKind role, long term, Optional<NodeId> leader, long lastIndex,
                         long commitIndex, long appliedIndex, ClusterConfiguration configuration,
                         java.util.Map<NodeId, Long> matchIndexes, java.time.Duration sinceLeaderContact,
                         java.time.Duration behindFor, long configurationIndex, long snapshotIndex)
            implements NoSerializationVerificationNeeded {
        public boolean isLeader() {
            return role == RoleKind.LEADER;
        }
    }

    private record BootstrapWritten(RaftStorage.Written written) implements Command, NoSerializationVerificationNeeded {
    }

    /**
     * A node that starts (or belongs to) a cluster created from {@code bootstrap}: if its durable log
     * is empty, the configuration is first written as the log's entry 1 in term 1, so every later
     * start reads the membership from the log and never from a config file that may have changed.
     * Nodes bootstrapping together write the identical entry. A node whose log is not empty ignores it.
     */
    public static Behavior<Command> bootstrapping(NodeId id, ClusterConfiguration bootstrap, RaftActorSettings settings,
                                                  ActorRef<RaftStorage.Command> storage, ActorRef<Applier.Command> applier,
                                                  Random random) {
        return start(id, ClusterConfiguration.EMPTY, Optional.of(bootstrap), Optional.empty(), settings, storage, applier, random);
    }

    /**
     * @param configuration the configuration in force before any configuration entry of the log
     *                      ({@link ClusterConfiguration#EMPTY} for a node that waits to be added)
     * @param storage the node's {@link RaftStorage}; if it stops (a failed write), this actor stops
     *                too rather than carry on without durability
     */
    public static Behavior<Command> create(NodeId id, ClusterConfiguration configuration, RaftActorSettings settings,
                                           ActorRef<RaftStorage.Command> storage, ActorRef<Applier.Command> applier,
                                           Random random) {
        return start(id, configuration, Optional.empty(), Optional.empty(), settings, storage, applier, random);
    }

    /**
     * Quorum-loss recovery, on each surviving node of a cluster that lost a majority for good: before
     * starting, the node appends {@code recovery}'s configuration (the survivors) to its log as a
     * configuration entry, durably, so the survivors elect a leader among themselves. Entries the
     * lost majority committed but no survivor holds are lost. {@code recovery}'s callback runs once
     * the entry is durable (to retire the operator's request so it is not applied again).
     */
    public static Behavior<Command> recovering(NodeId id, Recovery recovery, RaftActorSettings settings,
                                               ActorRef<RaftStorage.Command> storage, ActorRef<Applier.Command> applier,
                                               Random random) {
        return start(id, ClusterConfiguration.EMPTY, Optional.empty(), Optional.of(recovery), settings, storage, applier, random);
    }

    /** The configuration survivors force on themselves, and what to do once it is durable. */
    public record Recovery(ClusterConfiguration survivors, Runnable whenDurable) {
    }

    private static Behavior<Command> start(NodeId id, ClusterConfiguration configuration,
                                           Optional<ClusterConfiguration> bootstrap, Optional<Recovery> recovery,
                                           RaftActorSettings settings,
                                           ActorRef<RaftStorage.Command> storage, ActorRef<Applier.Command> applier,
                                           Random random) {
        return Behaviors.withStash(settings.maxStashedDuringStartup(), stash -> Behaviors.setup(context -> {
            context.watch(storage);
            storage.tell(new RaftStorage.LoadState(context.messageAdapter(RaftStorage.LoadedState.class, RaftHost.StateLoaded::new)));
            applier.tell(new Applier.GetLastApplied(context.getSelf().narrow()));
            return Behaviors.withTimers(timers -> starting(stash, null, -1, (loaded, applied) -> {
                BiFunction<RaftStorage.LoadedState, Long, Behavior<Command>> run = (state, appliedIndex) ->
                        StartupRestore.ensureStateMachineReaches(state.snapshot(), appliedIndex, settings.snapshots().directory(),
                                applier, stash, context, restored -> {
                    RaftNode node = new RaftNode(id, configuration, settings.raftConfig(), random,
                            state.hardState(), state.snapshot(), state.log(), restored);
                    timers.startTimerAtFixedRate(RaftHost.Tick.INSTANCE, settings.tickInterval());
                    context.getLog().info("Raft node {} started: term {}, log {}..{} (snapshot through {}), applied through {}",
                            id, node.term(), state.snapshot().index() + 1, node.lastIndex(), state.snapshot().index(), restored);
                    return new RaftHost(context, node, settings, storage, applier, restored).behaviourForRole();
                });
                if (recovery.isPresent()) {
                    long lastIndex = loaded.snapshot().index() + loaded.log().size();
                    long lastTerm = loaded.log().isEmpty() ? loaded.snapshot().term() : loaded.log().get(loaded.log().size() - 1).term();
                    long term = Math.max(1, Math.max(loaded.hardState().term(), lastTerm));
                    context.getLog().warn("Raft node {}: QUORUM-LOSS RECOVERY: forcing the configuration {} at index {}",
                            id, recovery.get().survivors(), lastIndex + 1);
                    return writingConfiguration(stash, storage, context, loaded, new HardState(term, loaded.hardState().votedFor()),
                            LogEntry.configuration(term, lastIndex + 1, ConfigurationCodec.encode(recovery.get().survivors())),
                            applied, (state, appliedIndex) -> {
                                recovery.get().whenDurable().run();
                                return run.apply(state, appliedIndex);
                            });
                }
                if (bootstrap.isPresent() && loaded.isEmpty()) {
                    context.getLog().info("Raft node {} bootstraps a new cluster: {}", id, bootstrap.get());
                    HardState hardState = new HardState(Math.max(1, loaded.hardState().term()), loaded.hardState().votedFor());
                    return writingConfiguration(stash, storage, context, loaded, hardState,
                            LogEntry.configuration(1, 1, ConfigurationCodec.encode(bootstrap.get())), applied, run);
                }
                return run.apply(loaded, applied);
            }));
        }));
    }

    /** Appends one configuration entry (with {@code hardState}) durably, then starts from the log that includes it. */
    private static Behavior<Command> writingConfiguration(StashBuffer<Command> stash, ActorRef<RaftStorage.Command> storage,
                                                          ActorContext<Command> context, RaftStorage.LoadedState loaded,
                                                          HardState hardState, LogEntry entry, long applied,
                                                          BiFunction<RaftStorage.LoadedState, Long, Behavior<Command>> start) {
        WritePipeline pipeline = new io.raftlite.raft.WritePipeline();
        pipeline.add(new io.raftlite.raft.Ready(Optional.of(hardState), OptionalLong.empty(),
                List.of(entry), List.of(), List.of(), List.of(), List.of(),
                RoleKind.FOLLOWER, hardState.term(), Optional.empty()));
        storage.tell(new RaftStorage.Write(pipeline.startNextWrite().orElseThrow(),
                context.messageAdapter(RaftStorage.Written.class, BootstrapWritten::new)));
        List<LogEntry> log = new java.util.ArrayList<>(loaded.log());
        log.add(entry);
        RaftStorage.LoadedState written = new RaftStorage.LoadedState(hardState, loaded.snapshot(), log);
        return Behaviors.receive(Command.class)
                .onMessage(BootstrapWritten.class, done -> stash.unstashAll(start.apply(written, applied)))
                .onSignal(Terminated.class, signal -> Behaviors.stopped())
                .onAnyMessage(message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .build();
    }

    /** Start-up: stash everything until both the durable state and the applied index are known. */
    private static Behavior<Command> starting(StashBuffer<Command> stash, RaftStorage.LoadedState state, long applied,
                                              BiFunction<RaftStorage.LoadedState, Long, Behavior<Command>> start) {
        if (state != null && applied >= 0) {
            return stash.unstashAll(start.apply(state, applied));
        }
        return Behaviors.receive(Command.class)
                .onMessage(RaftHost.StateLoaded.class, loaded -> starting(stash, loaded.state(), applied, start))
                .onMessage(Applier.LastApplied.class, last -> starting(stash, state, last.index(), start))
                .onSignal(Terminated.class, signal -> Behaviors.stopped())
                .onAnyMessage(message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .build();
    }
}
