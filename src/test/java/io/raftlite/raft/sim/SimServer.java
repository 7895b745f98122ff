package io.raftlite.raft.sim;

import io.raftlite.raft.ConfigurationChange;
import io.raftlite.raft.Envelope;
import io.raftlite.raft.ProposeResult;
import io.raftlite.raft.RaftNode;
import io.raftlite.raft.Ready;
import io.raftlite.raft.ReadOutcome;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.WritePipeline;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.InstallSnapshot;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.SnapshotMeta;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * One simulated server: a {@link RaftNode} hosted the way the Pekko host does it (the same
 * {@link WritePipeline}), on a {@link SimDisk} whose writes complete after a virtual fsync delay.
 * A crash forgets everything but the disk; a write in flight at the crash survives or not, by coin.
 */
final class SimServer {
    private record PendingProposal(long term, String value) {
    }

    final NodeId id;
    final SimDisk disk;
    private final Simulation sim;
    private RaftNode node;
    private WritePipeline pipeline;
    private WriteBatch writing;
    /** Events scheduled by an earlier incarnation are ignored: a crashed server does nothing. */
    private int incarnation;
    private final Map<Long, PendingProposal> proposals = new HashMap<>();

    private final ClusterConfiguration bootstrapConfiguration;

    SimServer(NodeId id, Simulation sim, ClusterConfiguration bootstrapConfiguration) {
        this.id = id;
        this.sim = sim;
        this.bootstrapConfiguration = bootstrapConfiguration;
        this.disk = new SimDisk(id.value());
    }

    void start() {
        incarnation++;
        node = new RaftNode(id, bootstrapConfiguration, sim.raftConfig(), new Random(sim.random().nextLong()),
                disk.hardState(), disk.snapshot(), disk.log(), disk.applied().size());
        pipeline = new WritePipeline();
        writing = null;
        int self = incarnation;
        sim.schedule(1 + sim.random().nextInt(sim.tickMs()), id + " first tick", () -> tick(self));
    }

    void crash() {
        if (writing != null && sim.random().nextBoolean()) {
            disk.write(writing, sim::snapshotData); // the write reached the disk, its acknowledgement did not
            writing.installed().ifPresent(installed -> sim.onSnapshotInstalled());
        }
        incarnation++;
        node = null;
        pipeline = null;
        writing = null;
        proposals.clear(); // clients of a crashed server learn nothing: outcome unknown
    }

    boolean isUp() {
        return node != null;
    }

    RaftNode node() {
        return node;
    }

    boolean isLeader() {
        return isUp() && node.role() == RoleKind.LEADER;
    }

    private void tick(int self) {
        if (self != incarnation) {
            return;
        }
        handle(node.tick());
        sim.schedule(sim.tickMs(), id + " tick", () -> tick(self));
    }

    void receive(RaftMessage message) {
        if (isUp()) {
            handle(node.step(message));
        }
    }

    /** A client asks this server to append {@code value}; returns its index if this server leads. */
    OptionalLong propose(String value) {
        if (!isUp()) {
            return OptionalLong.empty();
        }
        ProposeResult result = node.propose(List.of(value.getBytes(StandardCharsets.UTF_8)));
        if (result.accepted()) {
            proposals.put(result.firstIndex().getAsLong(), new PendingProposal(result.ready().term(), value));
        }
        handle(result.ready());
        return result.firstIndex();
    }

    boolean changeConfiguration(java.util.function.UnaryOperator<ClusterConfiguration> change) {
        if (!isUp()) {
            return false;
        }
        ConfigurationChange result = node.proposeConfiguration(change.apply(node.configuration()));
        handle(result.ready());
        return result.accepted();
    }

    boolean transferLeadership(java.util.Optional<NodeId> target) {
        if (!isUp()) {
            return false;
        }
        var result = node.transferLeadership(target);
        handle(result.ready());
        return result.target().isPresent();
    }

    long readIndex(long requestId) {
        handle(node.readIndex(requestId));
        return requestId;
    }

    private void handle(Ready ready) {
        for (var envelope : pipeline.add(ready)) {
            send(envelope);
        }
        pipeline.applicableNow(ready.committedEntries()).forEach(this::apply);
        for (ReadOutcome read : ready.reads()) {
            sim.onRead(id, read);
        }
        ready.snapshotsNeeded().forEach(this::sendSnapshot);
        startWrite();
        maybeCompact();
    }

    private void apply(LogEntry entry) {
        disk.apply(entry);
        sim.invariants().onApplied(id, entry, node.term());
        PendingProposal proposal = proposals.remove(entry.index());
        if (proposal != null && proposal.term() == entry.term()) {
            sim.invariants().onAcknowledged(entry);
        }
    }

    /** The state machine is durable at every apply here, so the log may be compacted up to it (S-15). */
    private void maybeCompact() {
        int threshold = sim.compactionThreshold();
        long applied = disk.applied().size();
        if (threshold > 0 && applied - node.snapshotIndex() >= threshold) {
            handle(node.compact(applied));
        }
    }

    /**
     * What the host's snapshot transfer does, in one message: the data lives in the simulation's
     * snapshot store, the notice travels the faulty network. A lost notice is reported as a failed
     * transfer after a while, as the real host's chunk timeout would.
     */
    private void sendSnapshot(NodeId peer) {
        long applied = disk.applied().size();
        int self = incarnation;
        if (applied >= node.snapshotIndex()) {
            SnapshotMeta meta = node.snapshotMetaAt(applied);
            sim.storeSnapshot(meta, disk.applied());
            send(new Envelope(peer, new InstallSnapshot(node.term(), id, meta)));
        }
        sim.schedule(sim.electionTimeoutMs() / 2, id + " snapshot to " + peer + " timed out", () -> {
            if (self == incarnation) {
                handle(node.snapshotTransferFailed(peer));
            }
        });
    }

    private void send(Envelope envelope) {
        sim.invariants().beforeSend(this, envelope.to(), envelope.message());
        sim.network().send(id, envelope);
    }

    private void startWrite() {
        pipeline.startNextWrite().ifPresent(batch -> {
            writing = batch;
            int self = incarnation;
            sim.schedule(1 + sim.random().nextInt(5), id + " fsync", () -> {
                if (self != incarnation) {
                    return;
                }
                disk.write(batch, sim::snapshotData);
                writing = null;
                WriteBatch done = pipeline.completeWrite();
                for (var envelope : done.messagesWhenDurable()) {
                    send(envelope);
                }
                done.installed().ifPresent(installed -> sim.onSnapshotInstalled());
                done.appliesAfterInstall().forEach(this::apply);
                if (done.lastEntry().isPresent()) {
                    LogEntry last = done.lastEntry().get();
                    handle(node.persisted(last.index(), last.term()));
                } else {
                    startWrite();
                }
            });
        });
    }
}
