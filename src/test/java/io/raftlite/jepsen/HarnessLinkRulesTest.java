package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.raftlite.jepsen.LinkRules.Rule.blackhole;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules each node gets for each network fault: a cut link is cut at both of its ends. */
class HarnessLinkRulesTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    @Test
    void isolatingANodeCutsItsLinksAtBothEnds() {
        Map<String, List<LinkRules.Rule>> rules = LinkRules.partition(NODES, List.of(Set.of("node1"), Set.of("node2", "node3")));

        assertEquals(List.of(blackhole("node2", "both"), blackhole("node3", "both")), rules.get("node1"));
        assertEquals(List.of(blackhole("node1", "both")), rules.get("node2"));
        assertEquals(List.of(blackhole("node1", "both")), rules.get("node3"));
    }

    @Test
    void aBridgeSeesBothHalvesWhichDoNotSeeEachOther() {
        Map<String, List<LinkRules.Rule>> rules = LinkRules.bridge(NODES, "node2", Set.of("node1"));

        assertEquals(List.of(blackhole("node3", "both")), rules.get("node1"));
        assertEquals(List.of(), rules.get("node2"));
        assertEquals(List.of(blackhole("node1", "both")), rules.get("node3"));
    }

    @Test
    void aOneWayCutDropsAtTheSenderAndTheReceiverOnly() {
        Map<String, List<LinkRules.Rule>> rules = LinkRules.oneWay(NODES, "node1", "node2");

        assertEquals(List.of(blackhole("node2", "out")), rules.get("node1"));
        assertEquals(List.of(blackhole("node1", "in")), rules.get("node2"));
        assertEquals(List.of(), rules.get("node3"));
    }

    @Test
    void theBodyIsWhatTheAdminEndpointTakes() {
        assertEquals("{\"rules\":[{\"peer\":\"node2\",\"direction\":\"out\",\"drop\":0.0,\"duplicate\":0.0,\"delay_ms\":[0,0],"
                + "\"blackhole\":true}]}", LinkRules.body(List.of(blackhole("node2", "out"))));
        assertEquals("{\"rules\":[]}", LinkRules.body(List.of()));
    }
}
