package io.raftlite.node;

import io.raftlite.api.FaultControl;
import io.raftlite.db.SqliteStateMachine;
import io.raftlite.journal.InjectedSyncFailures;
import io.raftlite.raft.actor.Applier;
import io.raftlite.raft.actor.LinkFaults;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;

/** The node's side of the /admin fault endpoints (fault-control = true): the Raft links, the journal, the process. */
final class NodeFaultControl implements FaultControl {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeFaultControl.class);
    /** What kill -9 makes a JVM exit with, so a test sees one kind of crash either way. */
    private static final int CRASH_EXIT_STATUS = 137;

    private final LinkFaults links;
    private final ActorRef<Applier.Command> applier;
    private final SqliteStateMachine stateMachine;

    NodeFaultControl(LinkFaults links, ActorRef<Applier.Command> applier, SqliteStateMachine stateMachine) {
        this.links = links;
        this.applier = applier;
        this.stateMachine = stateMachine;
    }

    @Override
    public void setLinkRules(List<LinkRule> rules) {
        links.replace(rules.stream().map(rule -> new LinkFaults.Rule(NodeId.of(rule.peer()),
                !rule.direction().equals("out"), !rule.direction().equals("in"), rule.drop(), rule.duplicate(),
                rule.minDelayMillis(), rule.maxDelayMillis(), rule.blackhole())).toList());
        LOG.warn("fault control: link rules are now {}", rules);
    }

    @Override
    public List<LinkRule> linkRules() {
        return links.rules().stream().map(rule -> new LinkRule(rule.peer().value(),
                rule.in() && rule.out() ? "both" : rule.in() ? "in" : "out", rule.drop(), rule.duplicate(),
                rule.minDelayMillis(), rule.maxDelayMillis(), rule.blackhole())).toList();
    }

    @Override
    public void failNextSyncs(int writes) {
        InjectedSyncFailures.failNext(writes);
        LOG.warn("fault control: the next {} Raft log writes will fail", writes);
    }

    @Override
    public void crash(boolean powerLoss) {
        if (!powerLoss) {
            LOG.warn("fault control: crashing now");
            Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
        }
        // The Raft log commits under synchronous=FULL, so a power cut takes nothing of it that was
        // acknowledged; db.sqlite commits under NORMAL and loses its unsynced WAL frames. That is done
        // on the applier's thread, so nothing writes the database between the truncation and the halt.
        applier.tell(new Applier.RunExclusive(() -> {
            long lost = stateMachine.discardUnsyncedWrites();
            LOG.warn("fault control: power cut; {} unsynced WAL frames of db.sqlite discarded", lost);
            Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
        }));
    }
}
