package io.raftlite.cluster;

import io.raftlite.api.MembershipControl;
import io.raftlite.api.Routing;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DELETE /remove from any node: done by this node's membership manager if it leads, otherwise by the leader's. */
public final class NodeRemoval implements MembershipControl {
    private final ActorRef<MembershipManager.Command> membership;
    private final GatewayDirectory directory;
    private final Scheduler scheduler;

    public NodeRemoval(ActorRef<MembershipManager.Command> membership, GatewayDirectory directory, Scheduler scheduler) {
        this.membership = membership;
        this.directory = directory;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<RemoveOutcome> remove(String nodeId, Routing routing) {
        NodeId node = NodeId.of(nodeId);
        return Asks.<MembershipManager.Command, ClusterGateway.ChangeReply>ask(membership,
                        replyTo -> new MembershipManager.Remove(node, replyTo), routing.timeout(), scheduler)
                .thenCompose(reply -> reply.message().equals("not leader") && !reply.leader().isEmpty()
                        ? viaLeader(NodeId.of(reply.leader()), node, routing)
                        : CompletableFuture.completedFuture(outcome(node, reply)))
                .exceptionally(noAnswer -> new Refused("the removal did not complete within " + routing.timeout().toSeconds()
                        + " s; it may still happen"));
    }

    private CompletionStage<RemoveOutcome> viaLeader(NodeId leader, NodeId node, Routing routing) {
        var gateway = directory.gatewayOf(leader);
        if (gateway.isEmpty()) {
            return CompletableFuture.completedFuture(new NoLeader());
        }
        if (routing.redirect()) {
            return GatewayDirectory.apiUrl(gateway.get(), scheduler).thenApply(url -> url
                    .<RemoveOutcome>map(Redirect::new).orElseGet(NoLeader::new));
        }
        return Asks.<ClusterGateway.Command, ClusterGateway.ChangeReply>ask(gateway.get(),
                        replyTo -> new ClusterGateway.Remove(node, replyTo), routing.timeout(), scheduler)
                .thenApply(reply -> outcome(node, reply));
    }

    private static RemoveOutcome outcome(NodeId node, ClusterGateway.ChangeReply reply) {
        if (reply.done()) {
            return new Removed(node.value());
        }
        return switch (reply.message()) {
            case "not a member" -> new NotMember(node.value());
            case "not leader", "no leader" -> new NoLeader();
            default -> new Refused(reply.message());
        };
    }
}
