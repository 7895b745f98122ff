package io.raftlite.cluster;

import io.raftlite.api.NodeStatus;
import io.raftlite.api.StatusReport;
import io.raftlite.raft.actor.RaftActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** This node's state for /status and /readyz, from its Raft actor and its SQLite file. */
public final class LocalNodeStatus implements NodeStatus {
    private final ActorRef<RaftActor.Command> raft;
    private final Scheduler scheduler;
    private final GatewayDirectory directory;
    private final String raftAddress;
    private final String httpAddress;
    private final Path sqliteFile;
    private final String version;

    public LocalNodeStatus(ActorRef<RaftActor.Command> raft, Scheduler scheduler, GatewayDirectory directory,
                           String raftAddress, String httpAddress, Path sqliteFile, String version) {
        this.raft = raft;
        this.scheduler = scheduler;
        this.directory = directory;
        this.raftAddress = raftAddress;
        this.httpAddress = httpAddress;
        this.sqliteFile = sqliteFile;
        this.version = version;
    }

    @Override
    public CompletionStage<StatusReport> report() {
        return Asks.<RaftActor.Command, RaftActor.Status>ask(raft, RaftActor.GetStatus::new, Duration.ofSeconds(5), scheduler)
                .thenApply(status -> {
                    String leader = status.leader().map(Object::toString).orElse("");
                    return new StatusReport(status.id().value(), raftAddress, httpAddress, roleName(status), status.term(),
                            leader, status.isLeader() ? raftAddress : "", status.commitIndex(), status.appliedIndex(),
                            status.lastIndex(), true, sqliteFile.toString(), size(), version);
                });
    }

    @Override
    public CompletionStage<java.util.List<io.raftlite.api.NodeReport>> nodes() {
        return Asks.<RaftActor.Command, RaftActor.Status>ask(raft, RaftActor.GetStatus::new, Duration.ofSeconds(5), scheduler)
                .thenCompose(status -> {
                    var probes = status.configuration().members().stream().map(member -> probe(member,
                            status.configuration().isVoter(member), status.leader().map(member::equals).orElse(false)))
                            .map(java.util.concurrent.CompletionStage::toCompletableFuture).toList();
                    return java.util.concurrent.CompletableFuture.allOf(probes.toArray(java.util.concurrent.CompletableFuture[]::new))
                            .thenApply(done -> probes.stream().map(java.util.concurrent.CompletableFuture::join).toList());
                });
    }

    /** Asks the member's gateway who it is; unreachable within the timeout is reported, not thrown. */
    private CompletionStage<io.raftlite.api.NodeReport> probe(io.raftlite.raft.message.NodeId member, boolean voter, boolean leader) {
        long start = System.nanoTime();
        var gateway = directory.gatewayOf(member);
        if (gateway.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(new io.raftlite.api.NodeReport(member.value(), "", "", "",
                    voter, false, leader, 0, "node is not known in the cluster"));
        }
        return Asks.<ClusterGateway.Command, ClusterGateway.NodeInfo>ask(gateway.get(), ClusterGateway.GetNodeInfo::new,
                        Duration.ofSeconds(5), scheduler)
                .thenApply(info -> new io.raftlite.api.NodeReport(member.value(), "http://" + info.apiAddress(), info.raftAddress(),
                        info.version(), voter, true, leader, (System.nanoTime() - start) / 1e9, ""))
                .exceptionally(timeout -> new io.raftlite.api.NodeReport(member.value(), "", "", "", voter, false, leader, 0,
                        "timeout waiting for node to respond"));
    }

    /** rqlite's (hashicorp/raft's) names for the roles. */
    private static String roleName(RaftActor.Status status) {
        if (status.isLeader()) {
            return "Leader";
        }
        return status.role().name().endsWith("CANDIDATE") ? "Candidate" : "Follower";
    }

    private long size() {
        try {
            return Files.size(sqliteFile);
        } catch (IOException missing) {
            return 0;
        }
    }
}
