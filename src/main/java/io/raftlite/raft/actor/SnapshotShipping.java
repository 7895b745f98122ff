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
 * per follower. A copy is reused for later followers as long as the log still continues it.
 */
final class SnapshotShipping {
    private final ActorContext<RaftActor.Command> context;
    private final ActorRef<Applier.Command> applier;
    private final SnapshotSettings settings;
    private final Map<NodeId, ActorRef<SnapshotSender.Command>> senders = new HashMap<>();
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
        latest = (Applier.SnapshotExported) result;
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

    void onFinished(SnapshotSender.Finished finished) {
        senders.remove(finished.peer());
    }

    /** Leadership is lost: transfers stop (the next leader starts its own). */
    void stopAll() {
        senders.values().forEach(context::stop);
        senders.clear();
        waitingForExport.clear();
    }

    private boolean start(NodeId peer, RaftNode node, Map<NodeId, ActorRef<RaftActor.Command>> peers) {
        ActorRef<RaftActor.Command> peerRef = peers.get(peer);
        if (peerRef == null || node.role() != RoleKind.LEADER || latest.index() < node.snapshotIndex()) {
            return false;
        }
        SnapshotSender.Transfer transfer = new SnapshotSender.Transfer(latest.file(), latest.size(), latest.checksum(),
                node.snapshotMetaAt(latest.index()), node.term(), node.id(), peer, peerRef, context.getSelf(), settings);
        senders.put(peer, context.spawn(SnapshotSender.create(transfer),
                "snapshot-to-" + java.net.URLEncoder.encode(peer.value(), java.nio.charset.StandardCharsets.UTF_8) + "-" + ++transfersStarted, DispatcherSelector.blocking()));
        return true;
    }
}
