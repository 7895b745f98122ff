package io.raftlite.raft.actor;

import io.raftlite.raft.ConfigurationChange;
import io.raftlite.raft.Envelope;
import io.raftlite.raft.ProposeResult;
import io.raftlite.raft.RaftNode;
import io.raftlite.raft.ReadOutcome;
import io.raftlite.raft.Ready;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.WritePipeline;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running Raft node inside its actor: feeds every input to {@link RaftNode} and carries out the
 * {@link Ready} it returns. One behaviour per role; they differ only in who may propose and read.
 */
final class RaftHost {
    enum Tick implements RaftActor.Command, NoSerializationVerificationNeeded { INSTANCE }

    record StateLoaded(RaftStorage.LoadedState state) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    record WriteDurable(RaftStorage.Written written) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    /** A peer's message held back by an injected delay; its fate was already decided. */
    record LateDelivery(io.raftlite.raft.message.RaftMessage message) implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<RaftActor.Command> context;
    private final RaftNode node;
    private final RaftActorSettings settings;
    private final ActorRef<RaftStorage.Command> storage;
    private final ActorRef<Applier.Command> applier;
    private final ActorRef<RaftStorage.Written> writeAcknowledgements;
    private final SnapshotShipping shipping;
    /** Verified snapshot files from the leader, kept until the state machine is restored from them. */
    private final Map<io.raftlite.raft.message.SnapshotMeta, java.nio.file.Path> installFiles = new java.util.HashMap<>();
    private ActorRef<SnapshotTransfer.Chunk> receiver;
    /** A compaction is under way (the state machine is being made durable). */
    private boolean compacting;
    private final List<ActorRef<RaftActor.SnapshotTaken>> snapshotRequests = new ArrayList<>();
    private final WritePipeline pipeline = new WritePipeline();
    private final ProposalTracker proposals = new ProposalTracker();
    private final PendingReads reads = new PendingReads();
    /** Proposals that arrived while a write was in flight: appended together when it completes. */
    private final List<RaftActor.Propose> waitingToAppend = new ArrayList<>();
    private Map<NodeId, ActorRef<RaftActor.Command>> peers = Map.of();
    private RoleKind role;
    private long ticks;
    private long appliedIndex;
    private long lastLeaderContactNanos = Long.MIN_VALUE;
    /** When this node fell behind its commit index (Long.MIN_VALUE while caught up). */
    private long behindSinceNanos = Long.MIN_VALUE;
    private final RaftEvents events;
    private long reportedCommitIndex;

    RaftHost(ActorContext<RaftActor.Command> context, RaftNode node, RaftActorSettings settings,
             ActorRef<RaftStorage.Command> storage, ActorRef<Applier.Command> applier, long appliedIndex) {
        this.context = context;
        this.node = node;
        this.settings = settings;
        this.storage = storage;
        this.applier = applier;
        this.appliedIndex = appliedIndex;
        this.writeAcknowledgements = context.messageAdapter(RaftStorage.Written.class, WriteDurable::new);
        this.role = node.role();
        this.shipping = new SnapshotShipping(context, applier, settings.snapshots());
        this.events = settings.events();
        this.reportedCommitIndex = node.commitIndex();
        events.started(node.term());
        events.role(role, node.term(), node.leader());
    }

    Behavior<RaftActor.Command> behaviourForRole() {
        role = node.role();
        return switch (role) {
            case LEADER -> leader();
            case FOLLOWER -> follower();
            case PRE_CANDIDATE, CANDIDATE -> candidate();
        };
    }

    private Behavior<RaftActor.Command> leader() {
        return common()
                .onMessage(RaftActor.Propose.class, this::onProposeAsLeader)
                .onMessage(RaftActor.ProposeConfiguration.class, this::onProposeConfigurationAsLeader)
                .onMessage(RaftActor.TransferLeadership.class, this::onTransferAsLeader)
                .onMessage(RaftActor.ReadIndex.class, this::onReadIndexAsLeader)
                .build();
    }

    private Behavior<RaftActor.Command> follower() {
        return common()
                .onMessage(RaftActor.Propose.class, this::refuseProposal)
                .onMessage(RaftActor.ProposeConfiguration.class, change -> {
                    change.replyTo().tell(notLeaderReply());
                    return Behaviors.same();
                })
                .onMessage(RaftActor.TransferLeadership.class, transfer -> {
                    transfer.replyTo().tell(notLeaderReply());
                    return Behaviors.same();
                })
                .onMessage(RaftActor.ReadIndex.class, this::refuseRead)
                .build();
    }

    private Behavior<RaftActor.Command> candidate() {
        return follower(); // an election is on: nobody to append to or read from, say so
    }

    private BehaviorBuilder<RaftActor.Command> common() {
        return Behaviors.receive(RaftActor.Command.class)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(RaftActor.PeerMessage.class, this::onPeerMessage)
                .onMessage(LateDelivery.class, late -> deliver(late.message()))
                .onMessage(WriteDurable.class, this::onWriteDurable)
                .onMessage(Applier.Applied.class, this::onApplied)
                .onMessage(RaftActor.PeersChanged.class, this::onPeersChanged)
                .onMessage(RaftActor.GetStatus.class, this::onGetStatus)
                .onMessage(RaftActor.Bootstrap.class, this::onBootstrap)
                .onMessage(RaftActor.TakeSnapshot.class, this::onTakeSnapshot)
                .onMessage(Applier.DurableThrough.class, this::onStateMachineDurable)
                .onMessage(Applier.ExportResult.class, this::onExported)
                .onMessage(SnapshotSender.Finished.class, this::onSnapshotSent)
                .onMessage(SnapshotTransfer.Chunk.class, this::onSnapshotChunk)
                .onMessage(SnapshotReceiver.Received.class, this::onSnapshotReceived)
                .onMessage(Applier.Restored.class, this::onRestored)
                .onSignal(Terminated.class, this::onStorageStopped);
    }

    // ---- inputs ----

    private Behavior<RaftActor.Command> onPeerMessage(RaftActor.PeerMessage message) {
        LinkFaults.Fate fate = settings.links().fate(message.message().from(), LinkFaults.Direction.IN);
        if (fate.delayMillis() > 0) {
            for (int copy = 0; copy < fate.copies(); copy++) {
                context.scheduleOnce(java.time.Duration.ofMillis(fate.delayMillis()), context.getSelf(), new LateDelivery(message.message()));
            }
            return Behaviors.same();
        }
        Behavior<RaftActor.Command> next = Behaviors.same();
        for (int copy = 0; copy < fate.copies(); copy++) {
            next = deliver(message.message());
        }
        return next;
    }

    private Behavior<RaftActor.Command> deliver(io.raftlite.raft.message.RaftMessage message) {
        Behavior<RaftActor.Command> next = carryOut(node.step(message));
        if (message instanceof io.raftlite.raft.message.AppendEntries append
                && node.leader().map(append.from()::equals).orElse(false)) {
            lastLeaderContactNanos = System.nanoTime(); // monotonic; only freshness reads use it, never Raft
        }
        return next;
    }

    private Behavior<RaftActor.Command> onTick() {
        ticks++;
        proposals.expire(ticks);
        return carryOut(node.tick());
    }

    private Behavior<RaftActor.Command> onProposeAsLeader(RaftActor.Propose propose) {
        waitingToAppend.add(propose);
        if (pipeline.writeInFlight()) {
            return Behaviors.same(); // group commit: appended with the others when the write completes
        }
        return appendWaitingProposals();
    }

    private Behavior<RaftActor.Command> appendWaitingProposals() {
        if (waitingToAppend.isEmpty() || node.role() != RoleKind.LEADER) {
            return next();
        }
        List<RaftActor.Propose> batch = new ArrayList<>(waitingToAppend.subList(0,
                Math.min(waitingToAppend.size(), settings.maxProposalsPerBatch())));
        waitingToAppend.subList(0, batch.size()).clear();
        ProposeResult result = node.propose(batch.stream().map(RaftActor.Propose::command).toList());
        long deadline = ticks + settings.proposalTimeoutTicks();
        for (int i = 0; i < batch.size(); i++) {
            proposals.track(result.firstIndex().getAsLong() + i, result.ready().term(), batch.get(i).replyTo(), deadline);
        }
        return carryOut(result.ready());
    }

    private Behavior<RaftActor.Command> onProposeConfigurationAsLeader(RaftActor.ProposeConfiguration change) {
        ConfigurationChange result = node.proposeConfiguration(change.next());
        if (result.accepted()) {
            proposals.track(result.index().getAsLong(), result.ready().term(), change.replyTo(),
                    ticks + settings.proposalTimeoutTicks());
        } else {
            change.replyTo().tell(new RaftActor.Refused(result.refusal()));
        }
        return carryOut(result.ready());
    }

    private Behavior<RaftActor.Command> onTransferAsLeader(RaftActor.TransferLeadership transfer) {
        io.raftlite.raft.RaftNode.TransferResult result = node.transferLeadership(transfer.target());
        if (result.target().isPresent()) {
            context.getLog().info("Raft node {} is handing leadership to {}", node.id(), result.target().get());
            transfer.replyTo().tell(new RaftActor.TransferStarted(result.target().get()));
        } else {
            transfer.replyTo().tell(new RaftActor.TransferRefused(result.refusal()));
        }
        return carryOut(result.ready());
    }

    private Behavior<RaftActor.Command> refuseProposal(RaftActor.Propose propose) {
        propose.replyTo().tell(notLeaderReply());
        return Behaviors.same();
    }

    private Behavior<RaftActor.Command> onReadIndexAsLeader(RaftActor.ReadIndex request) {
        return carryOut(node.readIndex(reads.register(request.replyTo())));
    }

    private Behavior<RaftActor.Command> refuseRead(RaftActor.ReadIndex request) {
        request.replyTo().tell(notLeaderReply());
        return Behaviors.same();
    }

    private Behavior<RaftActor.Command> onWriteDurable(WriteDurable durable) {
        WriteBatch done = pipeline.completeWrite();
        done.hardState().ifPresent(state -> events.persisted(state.term(), state.votedFor()));
        done.messagesWhenDurable().forEach(this::sendToPeer);
        done.installed().ifPresent(snapshot -> {
            events.snapshotInstalled(node.term(), snapshot.index(), snapshot.term());
            // The log now starts after the leader's snapshot: the state machine must become it before
            // anything later is applied (the applier's mailbox keeps that order).
            applier.tell(new Applier.RestoreSnapshot(installFiles.get(snapshot), context.getSelf().narrow()));
        });
        if (!done.appliesAfterInstall().isEmpty()) {
            applier.tell(new Applier.Apply(done.appliesAfterInstall(), context.getSelf().narrow()));
        }
        if (done.lastEntry().isPresent()) {
            LogEntry last = done.lastEntry().get();
            carryOut(node.persisted(last.index(), last.term()));
        } else {
            startNextWrite();
        }
        return appendWaitingProposals();
    }

    private Behavior<RaftActor.Command> onApplied(Applier.Applied applied) {
        for (Applier.EntryResult result : applied.results()) {
            proposals.applied(result.index(), result.term(), result.result());
            if (events != RaftEvents.NONE) {
                events.applied(node.term(), result.index(), result.term(), node.entry(result.index()).map(RaftHost::digest).orElse("compacted"));
            }
        }
        appliedIndex = Math.max(appliedIndex, applied.lastIndex());
        reads.applied(appliedIndex);
        noteLag();
        SnapshotSettings snapshots = settings.snapshots();
        long uncompacted = appliedIndex - node.snapshotIndex();
        boolean due = uncompacted - snapshots.trailingEntries() >= snapshots.threshold()
                || node.logBytes() >= snapshots.thresholdBytes();
        // Counting the trailing entries walks back through up to trailingEntries of them: only when due.
        if (!compacting && due && uncompacted - trailingKept(appliedIndex) > 0) {
            startCompaction();
        }
        return Behaviors.same();
    }

    // ---- snapshots: compaction here, shipping to followers, installing the leader's ----

    private Behavior<RaftActor.Command> onTakeSnapshot(RaftActor.TakeSnapshot request) {
        snapshotRequests.add(request.replyTo());
        if (!compacting) {
            startCompaction();
        }
        return Behaviors.same();
    }

    /** The entries up to {@code through} that a compaction keeps: by count, and within trailingBytes. */
    private long trailingKept(long through) {
        SnapshotSettings snapshots = settings.snapshots();
        return node.trailingEntries(through, snapshots.trailingEntries(), snapshots.trailingBytes());
    }

    private void startCompaction() {
        compacting = true;
        applier.tell(new Applier.MakeDurable(context.getSelf().narrow()));
    }

    /**
     * The state machine is durable through {@code index}: compact the log up to it, keeping the last
     * {@code trailingEntries} (within {@code trailingBytes}) so a follower slightly behind still
     * catches up from the log. An operator's request compacts all the way.
     */
    private Behavior<RaftActor.Command> onStateMachineDurable(Applier.DurableThrough durable) {
        compacting = false;
        long through = Math.min(durable.index(), appliedIndex);
        long upTo = through - (snapshotRequests.isEmpty() ? trailingKept(through) : 0);
        long previous = node.snapshotIndex();
        Behavior<RaftActor.Command> next = upTo > previous ? carryOut(node.compact(upTo)) : next();
        if (node.snapshotIndex() > previous) {
            events.snapshotTaken(node.term(), node.snapshotIndex(), node.termAt(node.snapshotIndex()));
        }
        snapshotRequests.forEach(requester -> requester.tell(new RaftActor.SnapshotTaken(previous, node.snapshotIndex())));
        snapshotRequests.clear();
        return next;
    }

    private Behavior<RaftActor.Command> onExported(Applier.ExportResult result) {
        List<NodeId> failed = shipping.onExported(result, node, peers);
        return reportSnapshotsFailed(failed);
    }

    private Behavior<RaftActor.Command> onSnapshotSent(SnapshotSender.Finished finished) {
        if (!shipping.onFinished(finished)) {
            return Behaviors.same();
        }
        if (!finished.delivered()) {
            context.getLog().warn("Raft node {} gave up sending snapshot {} to {}; will try again", node.id(),
                    finished.snapshot(), finished.peer());
            return carryOut(node.snapshotTransferFailed(finished.peer()));
        }
        return carryOut(node.snapshotDelivered(finished.peer(), finished.snapshot().index()));
    }

    private Behavior<RaftActor.Command> reportSnapshotsFailed(List<NodeId> peersFailed) {
        Behavior<RaftActor.Command> next = Behaviors.same();
        for (NodeId peer : peersFailed) {
            next = carryOut(node.snapshotTransferFailed(peer));
        }
        return next;
    }

    private Behavior<RaftActor.Command> onSnapshotChunk(SnapshotTransfer.Chunk chunk) {
        if (settings.links().fate(chunk.from(), LinkFaults.Direction.IN).lost()) {
            return Behaviors.same(); // the sender resends from the last acknowledged offset
        }
        if (chunk.term() < node.term()) {
            return Behaviors.same(); // from a deposed leader
        }
        if (receiver == null) {
            receiver = context.spawn(SnapshotReceiver.create(settings.snapshots().directory(), context.getSelf()),
                    "snapshot-receiver", org.apache.pekko.actor.typed.DispatcherSelector.blocking());
        }
        receiver.tell(chunk);
        return Behaviors.same();
    }

    private Behavior<RaftActor.Command> onSnapshotReceived(SnapshotReceiver.Received received) {
        Ready ready = node.step(new io.raftlite.raft.message.InstallSnapshot(received.term(), received.from(), received.snapshot()));
        if (ready.installed().isPresent()) {
            context.getLog().info("Raft node {} installs snapshot {} from {}", node.id(), received.snapshot(), received.from());
            installFiles.put(received.snapshot(), received.file());
        } else {
            deleteQuietly(received.file()); // stale, or already covered by what we have
        }
        return carryOut(ready);
    }

    private Behavior<RaftActor.Command> onRestored(Applier.Restored restored) {
        appliedIndex = Math.max(appliedIndex, restored.index());
        reads.applied(appliedIndex);
        noteLag();
        installFiles.entrySet().removeIf(install -> {
            if (install.getKey().index() <= restored.index()) {
                deleteQuietly(install.getValue()); // the restored database is durable: the copy is no longer needed
                return true;
            }
            return false;
        });
        return Behaviors.same();
    }

    private void deleteQuietly(java.nio.file.Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException failure) {
            context.getLog().warn("cannot delete {}: {}", file, failure.toString());
        }
    }

    private Behavior<RaftActor.Command> onPeersChanged(RaftActor.PeersChanged changed) {
        peers = Map.copyOf(changed.peers());
        return Behaviors.same();
    }

    private Behavior<RaftActor.Command> onBootstrap(RaftActor.Bootstrap request) {
        RaftNode.BootstrapResult result = node.bootstrap(request.configuration());
        // The answer is only a hint for the coordinator: the entry is durable once the write completes,
        // and the node does not act on it before (it campaigns only from a later tick).
        request.replyTo().tell(result.bootstrapped());
        if (result.bootstrapped()) {
            context.getLog().info("Raft node {} bootstrapped a new cluster together with others: {}", node.id(), request.configuration());
        }
        return carryOut(result.ready());
    }

    private Behavior<RaftActor.Command> onGetStatus(RaftActor.GetStatus request) {
        request.replyTo().tell(new RaftActor.Status(node.id(), node.role(), node.term(), node.leader(),
                node.lastIndex(), node.commitIndex(), appliedIndex, node.configuration(), node.matchIndexes(),
                sinceLeaderContact(), behindFor(), node.configurationIndex(), node.snapshotIndex()));
        return Behaviors.same();
    }

    private java.time.Duration behindFor() {
        return behindSinceNanos == Long.MIN_VALUE ? java.time.Duration.ZERO
                : java.time.Duration.ofNanos(System.nanoTime() - behindSinceNanos);
    }

    /** Tracks how long apply lags the known commit index (monotonic clock; only freshness_strict reads use it). */
    private void noteLag() {
        if (appliedIndex >= node.commitIndex()) {
            behindSinceNanos = Long.MIN_VALUE;
        } else if (behindSinceNanos == Long.MIN_VALUE) {
            behindSinceNanos = System.nanoTime();
        }
    }

    private java.time.Duration sinceLeaderContact() {
        if (node.role() == RoleKind.LEADER) {
            return java.time.Duration.ZERO;
        }
        return lastLeaderContactNanos == Long.MIN_VALUE ? java.time.Duration.ofDays(365)
                : java.time.Duration.ofNanos(System.nanoTime() - lastLeaderContactNanos);
    }

    private Behavior<RaftActor.Command> onStorageStopped(Terminated terminated) {
        // A failed durable write must not be retried and carried on from (fsync failures lose data
        // silently on retry): stop, and let the operator restart the node from what is on disk.
        context.getLog().error("Raft storage of {} stopped (a write failed); stopping the Raft node", node.id());
        return Behaviors.stopped();
    }

    // ---- carrying out a Ready ----

    private Behavior<RaftActor.Command> carryOut(Ready ready) {
        pipeline.add(ready).forEach(this::sendToPeer);
        if (node.commitIndex() > reportedCommitIndex) {
            reportedCommitIndex = node.commitIndex();
            events.committed(node.term(), reportedCommitIndex);
        }
        startNextWrite();
        List<LogEntry> toApply = pipeline.applicableNow(ready.committedEntries());
        if (!toApply.isEmpty()) {
            applier.tell(new Applier.Apply(toApply, context.getSelf().narrow()));
        }
        List<NodeId> snapshotsNotStarted = new ArrayList<>();
        for (NodeId peer : ready.snapshotsNeeded()) {
            snapshotsNotStarted.addAll(shipping.need(peer, node, peers));
        }
        noteLag();
        for (ReadOutcome read : ready.reads()) {
            if (read.confirmed()) {
                reads.confirmed(read.requestId(), read.readIndex().getAsLong(), appliedIndex);
            } else {
                reads.refused(read.requestId(), notLeaderReply());
            }
        }
        // Reported once this Ready is carried out; a failure only returns the peer to probing.
        return snapshotsNotStarted.isEmpty() ? next() : reportSnapshotsFailed(snapshotsNotStarted);
    }

    private void startNextWrite() {
        pipeline.startNextWrite().ifPresent(batch -> storage.tell(new RaftStorage.Write(batch, writeAcknowledgements)));
    }

    private void sendToPeer(Envelope envelope) {
        if (envelope.message() instanceof io.raftlite.raft.message.RequestVoteReply vote && vote.granted()) {
            events.voted(vote.term(), envelope.to()); // sent only once the vote is durable
        }
        ActorRef<RaftActor.Command> peer = peers.get(envelope.to());
        if (peer == null) {
            return; // an unknown peer is a lost message, which Raft tolerates
        }
        LinkFaults.Fate fate = settings.links().fate(envelope.to(), LinkFaults.Direction.OUT);
        RaftActor.PeerMessage message = new RaftActor.PeerMessage(envelope.message());
        for (int copy = 0; copy < fate.copies(); copy++) {
            if (fate.delayMillis() > 0) {
                context.scheduleOnce(java.time.Duration.ofMillis(fate.delayMillis()), peer, message);
            } else {
                peer.tell(message);
            }
        }
    }

    /** Identifies an entry's content for the event log's cross-node comparison. */
    private static String digest(LogEntry entry) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(entry.type().ordinal());
        crc.update(entry.data());
        return Long.toHexString(crc.getValue());
    }

    private Behavior<RaftActor.Command> next() {
        if (node.role() == role) {
            return Behaviors.same();
        }
        context.getLog().info("Raft node {} is now {} in term {}{}", node.id(), node.role(), node.term(),
                node.leader().map(leader -> " (leader " + leader + ")").orElse(""));
        events.role(node.role(), node.term(), node.leader());
        if (node.role() != RoleKind.LEADER) {
            waitingToAppend.forEach(this::refuseProposal); // never appended: safe to refuse
            waitingToAppend.clear();
            shipping.stopAll();
        }
        return behaviourForRole();
    }

    private RaftActor.NotLeaderReply notLeaderReply() {
        return node.leader().filter(leader -> !leader.equals(node.id()))
                .<RaftActor.NotLeaderReply>map(RaftActor.NotLeader::new)
                .orElseGet(RaftActor.LeaderUnknown::new);
    }
}
