package io.raftlite.cluster;

import io.raftlite.raft.actor.Incarnations;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Downs the old actor system of a node that is back at a new address. Pekko replaces an old
 * incarnation by itself only when the new one has the same host and port; one at another address
 * would stay an unreachable member for good, and while a member is unreachable Pekko's membership
 * cannot converge: it moves no joining member to Up and removes no downed one. Only a system that is unreachable and older than a reachable one of the same
 * node id is downed: Raft names its members by id, so the old system serves nothing any more.
 */
public final class SupersededIncarnations {
    private SupersededIncarnations() {
    }

    public static Behavior<Receptionist.Listing> create() {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterGateway.GATEWAYS, context.getSelf()));
            Cluster cluster = Cluster.get(context.getSystem());
            Set<Address> downed = new HashSet<>();
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        Set<ActorRef<ClusterGateway.Command>> reachable = listing.getServiceInstances(ClusterGateway.GATEWAYS);
                        Comparator<Address> newestFirst = MemberAge.newestFirst(context.getSystem());
                        Map<NodeId, ActorRef<ClusterGateway.Command>> live = Incarnations.newestPerNode(reachable,
                                ClusterGateway::nodeOf, ref -> ref.path().address(), newestFirst);
                        Set<Address> unreachable = new HashSet<>();
                        cluster.state().getUnreachable().forEach((Member member) -> unreachable.add(member.address()));
                        for (ActorRef<ClusterGateway.Command> gateway : listing.getAllServiceInstances(ClusterGateway.GATEWAYS)) {
                            NodeId node = ClusterGateway.nodeOf(gateway);
                            ActorRef<ClusterGateway.Command> current = node == null ? null : live.get(node);
                            Address old = gateway.path().address();
                            if (current != null && !reachable.contains(gateway) && unreachable.contains(old)
                                    && newestFirst.compare(current.path().address(), old) < 0 && downed.add(old)) {
                                context.getLog().warn("{} is back at a new address; downing its old actor system {}", node, old);
                                cluster.manager().tell(new Down(old));
                            }
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
