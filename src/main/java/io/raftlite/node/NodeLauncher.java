package io.raftlite.node;

import io.raftlite.cluster.BootstrapCoordinator;
import io.raftlite.cluster.ClusterGateway;
import io.raftlite.cluster.ForwardingRouter;
import io.raftlite.cluster.GatewayDirectory;
import io.raftlite.cluster.Joiner;
import io.raftlite.cluster.KnownMembers;
import io.raftlite.cluster.LeaderTransfer;
import io.raftlite.cluster.LocalNodeStatus;
import io.raftlite.cluster.MemberAge;
import io.raftlite.cluster.MembershipManager;
import io.raftlite.cluster.NoForwardingRouter;
import io.raftlite.cluster.RequestGateway;
import io.raftlite.cluster.SupersededIncarnations;
import io.raftlite.command.NonDeterministicRewriter;
import io.raftlite.db.ReadPool;
import io.raftlite.db.SqliteStateMachine;
import io.raftlite.db.actor.SqlApplier;
import io.raftlite.db.actor.SqlReader;
import io.raftlite.http.HttpApi;
import io.raftlite.http.FaultRoutes;
import io.raftlite.http.HttpServer;
import io.raftlite.raft.actor.Applier;
import io.raftlite.raft.actor.LinkFaults;
import io.raftlite.raft.actor.PeerDiscovery;
import io.raftlite.raft.actor.RaftEvents;
import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.actor.RaftActorSettings;
import io.raftlite.raft.actor.SnapshotSettings;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The only place subsystems are built, one method each, in start order. */
public final class NodeLauncher {
    public static final String VERSION = "v0.1.0";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeLauncher.class);
    /** EX_IOERR of sysexits.h: the Raft log could not be written. */
    static final int STORAGE_FAILURE_EXIT_STATUS = 74;

    private NodeLauncher() {
    }

    /** Starts the node's actor system; the HTTP API is bound once Raft is up. */
    public static ActorSystem<Void> start(NodeConfig node) {
        Optional<PeersFile> recovery = PeersFile.read(node.dataDir(), node.nodeId(), node.raftAddress());
        return ActorSystem.create(guardian(node, recovery), PekkoSettings.SYSTEM_NAME, PekkoSettings.from(node, recovery));
    }

    private static Behavior<Void> guardian(NodeConfig node, Optional<PeersFile> recovery) {
        return Behaviors.setup(context -> {
            Path sqliteFile = node.dataDir().resolve("db.sqlite");
            SqliteStateMachine stateMachine = SqliteStateMachine.open(sqliteFile);
            ActorRef<Applier.Command> applier = context.spawn(SqlApplier.create(stateMachine, sqliteFile), "sql-applier",
                    DispatcherSelector.fromConfig("raftlite-dispatchers.sqlite-writer"));
            LinkFaults links = LinkFaults.none();
            Optional<EventLogFile> eventLog = node.eventLog()
                    ? Optional.of(new EventLogFile(node.dataDir().resolve("raft-events.jsonl"), node.nodeId())) : Optional.empty();
            ActorRef<RaftActor.Command> raft = startRaft(context, node, applier, recovery, links, eventLog);
            SqlReader reader = new SqlReader(ReadPool.open(sqliteFile, 8),
                    context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("raftlite-dispatchers.sqlite-readers")));
            Optional<FaultRoutes> faults = node.faultControl()
                    ? Optional.of(new FaultRoutes(new NodeFaultControl(links, applier, stateMachine))) : Optional.empty();
            startHttp(context, node, raft, reader, sqliteFile, links, faults);
            context.watch(raft);
            return Behaviors.receive(Void.class)
                    .onSignal(org.apache.pekko.actor.typed.Terminated.class, signal -> {
                        // Only a failed durable write stops Raft; the node must not go on serving without it.
                        LOG.error("raftlite node {}: the Raft node stopped after a storage failure; exiting with status {} "
                                + "(restart the node: it recovers from what is on disk)", node.nodeId(), STORAGE_FAILURE_EXIT_STATUS);
                        new Thread(() -> System.exit(STORAGE_FAILURE_EXIT_STATUS), "exit-after-storage-failure").start();
                        return Behaviors.same();
                    })
                    .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
                        reader.close();
                        eventLog.ifPresent(EventLogFile::close);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static ActorRef<RaftActor.Command> startRaft(ActorContext<Void> context, NodeConfig node, ActorRef<Applier.Command> applier,
                                                         Optional<PeersFile> recovery, LinkFaults links,
                                                         Optional<EventLogFile> eventLog) {
        ActorRef<RaftStorage.Command> storage = context.spawn(RaftStorage.create(node.nodeId(), ""), "raft-storage");
        RaftActorSettings settings = new RaftActorSettings(node.raftConfig(), node.tickInterval(),
                (int) Math.max(1, node.proposalTimeout().toMillis() / node.tickInterval().toMillis()), 1024, 100_000,
                new SnapshotSettings(node.dataDir().resolve("raft-snapshots"), node.snapshotThreshold(), node.snapshotThresholdBytes(),
                        node.snapshotTrailingEntries(), SnapshotSettings.DEFAULT_CHUNK_BYTES, java.time.Duration.ofSeconds(2), 5))
                .withTestHooks(links, eventLog.<RaftEvents>map(log -> log).orElse(RaftEvents.NONE));
        ClusterConfiguration alone = new ClusterConfiguration(List.of(node.nodeId()));
        Random random = new Random(new SecureRandom().nextLong());
        ActorRef<RaftActor.Command> raft = context.spawn(recovery.isPresent()
                ? RaftActor.recovering(node.nodeId(), new RaftActor.Recovery(recovery.get().configuration(), recovery.get()::retire),
                        settings, storage, applier, random)
                : node.seedNodes().isEmpty()
                ? RaftActor.bootstrapping(node.nodeId(), alone, settings, storage, applier, random)
                : RaftActor.create(node.nodeId(), ClusterConfiguration.EMPTY, settings, storage, applier, random),
                PeerDiscovery.actorName(node.nodeId()));
        context.spawn(PeerDiscovery.create(node.nodeId(), raft, () -> MemberAge.newestFirst(context.getSystem())), "peer-discovery");
        return raft;
    }

    private static void startHttp(ActorContext<Void> context, NodeConfig node, ActorRef<RaftActor.Command> raft,
                                  SqlReader reader, Path sqliteFile, LinkFaults links, Optional<FaultRoutes> faults) {
        var scheduler = context.getSystem().scheduler();
        NonDeterministicRewriter rewriter = NonDeterministicRewriter.usingSystemClock();
        GatewayDirectory directory = new GatewayDirectory();
        context.spawn(directory.follower(), "gateway-directory");
        context.spawn(SupersededIncarnations.create(), "superseded-incarnations");
        RequestGateway gateway = new RequestGateway(raft, scheduler, reader, rewriter, new ForwardingRouter(directory, scheduler, links));
        RequestGateway leaderOnly = new RequestGateway(raft, scheduler, reader, rewriter, new NoForwardingRouter());
        ActorRef<MembershipManager.Command> membership = context.spawn(MembershipManager.create(raft, directory), "membership");
        context.spawn(ClusterGateway.create(node.nodeId(), node.httpAddress().toString(), node.raftAddress().toString(),
                        VERSION, leaderOnly, membership, raft),
                ClusterGateway.actorName(node.nodeId()));
        if (!node.seedNodes().isEmpty()) {
            context.spawn(Joiner.create(node.nodeId(), node.voter(), raft, directory), "joiner");
        }
        if (node.bootstrapExpect() > 0) {
            java.util.Set<String> expected = new java.util.TreeSet<>();
            expected.add(node.raftAddress().toString());
            node.seedNodes().forEach(seed -> expected.add(seed.toString()));
            context.spawn(BootstrapCoordinator.create(expected, raft), "bootstrap-coordinator");
        }
        context.spawn(KnownMembers.recorder(PekkoSettings.knownMembersFile(node), node.raftAddress().toString()), "known-members");
        LocalNodeStatus status = new LocalNodeStatus(raft, scheduler, directory, node.raftAddress().toString(),
                node.httpAddress().toString(), sqliteFile, VERSION);
        io.raftlite.cluster.NodeRemoval removal = new io.raftlite.cluster.NodeRemoval(membership, directory, scheduler);
        GracefulHandover.register(context.getSystem(), raft, node.leaveOnShutdown()
                ? Optional.of(() -> removal.remove(node.nodeId().value(), new io.raftlite.api.Routing(false, java.time.Duration.ofSeconds(5)))
                        .thenApply(outcome -> outcome instanceof io.raftlite.api.MembershipControl.Removed
                                || outcome instanceof io.raftlite.api.MembershipControl.NotMember))
                : Optional.empty());
        HttpApi api = new HttpApi(gateway, status, new LeaderTransfer(raft, directory, scheduler),
                new io.raftlite.cluster.LocalSnapshot(raft, scheduler), removal, VERSION, node.maxBodySize());
        ActorSystem<Void> system = context.getSystem();
        var binding = faults.isPresent()
                ? HttpServer.bind(system, node.httpAddress().host(), node.httpAddress().port(), api, faults.get())
                : HttpServer.bind(system, node.httpAddress().host(), node.httpAddress().port(), api);
        if (faults.isPresent()) {
            LOG.warn("raftlite node {}: FAULT CONTROL IS ENABLED (raftlite.fault-control): /admin can break this node", node.nodeId());
        }
        binding.whenComplete((bound, failure) -> {
            if (failure != null) {
                LOG.error("{}: raftlite.http.address {} cannot be bound: {}", node.source(), node.httpAddress(),
                        failure.getMessage());
                system.terminate();
            } else {
                LOG.info("raftlite node {} serving HTTP on {} (Raft on {}, data in {})", node.nodeId(),
                        node.httpAddress(), node.raftAddress(), node.dataDir());
            }
        });
    }
}
