package io.raftlite.raft.actor;

import io.raftlite.raft.RaftNode;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Leader side of snapshots: when followers need entries the log no longer has, exports the state
 * machine once (a consistent copy, taken while applies go on) and runs one {@link SnapshotSender}
 * per follower. A copy is reused for later followers as long as the log still continues it, and
 * deleted once a newer one replaced it and no transfer reads it any more (copies are as large as
 * the database).
 */
final class SnapshotShipping {
    private final ActorContext<RaftActor.Command> context;
    private final ActorRef<Applier.Command> applier;
    private final SnapshotSettings settings;
    private record Sending(ActorRef<SnapshotSender.Command> sender, java.nio.file.Path file, io.raftlite.raft.message.SnapshotMeta snapshot) {
    }

    private final Map<NodeId, Sending> senders = new HashMap<>();
    private final Set<NodeId> waitingForExport = new LinkedHashSet<>();
    private Applier.SnapshotExported latest;
    private boolean exporting;
    private int transfersStarted;

    SnapshotShipping(ActorContext<RaftActor.Command> context, ActorRef<Applier.Command> applier, SnapshotSettings settings) {
        this.context = context;
        this.applier = applier;
        this.settings = settings;
    }

    /** {@code peer} needs a snapshot; returns the peers whose transfer cannot start (to report to Raft). */
    List<NodeId> need(NodeId peer, RaftNode node, Map<NodeId, ActorRef<RaftActor.Command>> peers) {
        if (senders.containsKey(peer) || waitingForExport.contains(peer)) {
            return List.of();
        }
        if (latest != null && latest.index() >= node.snapshotIndex()) {
            return start(peer, node, peers) ? List.of() : List.of(peer);
        }
        waitingForExport.add(peer);
        if (!exporting) {
            exporting = true;
            applier.tell(new Applier.ExportSnapshot(outgoing(settings.directory()), context.getSelf().narrow()));
        }
        return List.of();
    }

    /** The export finished; returns the peers whose transfer cannot start. */
    List<NodeId> onExported(Applier.ExportResult result, RaftNode node, Map<NodeId, ActorRef<RaftActor.Command>> peers) {
        exporting = false;
        List<NodeId> waiting = List.copyOf(waitingForExport);
        waitingForExport.clear();
        if (result instanceof Applier.ExportFailed failed) {
            context.getLog().warn("Raft node {} could not export a snapshot for {}: {}", node.id(), waiting, failed.reason());
            return waiting;
        }
        Applier.SnapshotExported replaced = latest;
        latest = (Applier.SnapshotExported) result;
        if (replaced != null) {
            deleteIfUnused(replaced.file());
        }
        List<NodeId> failedToStart = new ArrayList<>();
        for (NodeId peer : waiting) {
            if (!start(peer, node, peers)) {
                failedToStart.add(peer);
            }
        }
        return failedToStart;
    }

    /** Where exports for followers go; emptied at every start (they are only ever sent, never kept). */
    static java.nio.file.Path outgoing(java.nio.file.Path directory) {
        return directory.resolve("outgoing");
    }

    /** A transfer ended; false if it is not the one running for that peer (a late word from a stopped one). */
    boolean onFinished(SnapshotSender.Finished finished) {
        Sending sending = senders.get(finished.peer());
        if (sending == null || !sending.snapshot().equals(finished.snapshot())) {
            return false;
        }
        senders.remove(finished.peer());
        deleteIfUnused(sending.file());
        return true;
    }

    /** Leadership is lost: transfers stop (the next leader starts its own). */
    void stopAll() {
        senders.values().forEach(sending -> context.stop(sending.sender()));
        senders.clear();
        waitingForExport.clear();
    }

    private void deleteIfUnused(java.nio.file.Path file) {
        boolean inUse = (latest != null && latest.file().equals(file))
                || senders.values().stream().anyMatch(sending -> sending.file().equals(file));
        if (!inUse) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException failure) {
                context.getLog().warn("cannot delete the superseded snapshot copy {}: {}", file, failure.toString());
            }
        }
    }

    private boolean start(NodeId peer, RaftNode node, Map<NodeId, ActorRef<RaftActor.Command>> peers) {
        ActorRef<RaftActor.Command> peerRef = peers.get(peer);
        if (peerRef == null || node.role() != RoleKind.LEADER || latest.index() < node.snapshotIndex()) {
            return false;
        }
        io.raftlite.raft.message.SnapshotMeta snapshot = node.snapshotMetaAt(latest.index());
        SnapshotSender.Transfer transfer = new SnapshotSender.Transfer(latest.file(), latest.size(), latest.checksum(),
                snapshot, node.term(), node.id(), peer, peerRef, context.getSelf(), settings);
        String name = "snapshot-to-" + java.net.URLEncoder.encode(peer.value(), java.nio.charset.StandardCharsets.UTF_8)
                + "-" + ++transfersStarted;
        senders.put(peer, new Sending(context.spawn(SnapshotSender.create(transfer), name, DispatcherSelector.blocking()),
                latest.file(), snapshot));
        return true;
    }
}
