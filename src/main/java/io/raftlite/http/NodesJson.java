package io.raftlite.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftlite.api.NodeReport;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** /nodes and /leader as rqlite writes them: empty fields omitted, the legacy map keyed by id (sorted, as Go sorts map keys) or {@code ver=2}'s array. */
final class NodesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodesJson() {
    }

    static String nodes(List<NodeReport> reports, QueryParams params) {
        List<NodeReport> shown = reports.stream().filter(report -> report.voter() || params.flag("nonvoters"))
                .sorted(Comparator.comparing(NodeReport::id)).toList();
        ObjectNode root = JSON.createObjectNode();
        if ("2".equals(params.value("ver").orElse(""))) {
            var array = root.putArray("nodes");
            shown.forEach(report -> array.add(node(report)));
        } else {
            shown.forEach(report -> root.set(report.id(), node(report)));
        }
        return write(root, params);
    }

    static String leader(NodeReport leader, QueryParams params) {
        return write(node(leader), params);
    }

    private static ObjectNode node(NodeReport report) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", report.id());
        if (!report.apiAddress().isEmpty()) {
            node.put("api_addr", report.apiAddress());
        }
        node.put("addr", report.raftAddress());
        node.put("version", report.version());
        node.put("voter", report.voter());
        node.put("reachable", report.reachable());
        node.put("leader", report.leader());
        if (report.seconds() > 0) {
            node.putRawValue("time", new com.fasterxml.jackson.databind.util.RawValue(GoStyle.number(report.seconds())));
            node.put("time_s", goDuration(report.seconds()));
        }
        if (!report.error().isEmpty()) {
            node.put("error", report.error());
        }
        return node;
    }

    /** Go's time.Duration.String for what a probe took: "640ns", "21.3µs", "1.5ms", "2.25s". */
    static String goDuration(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1e3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1e6) + "ms";
        }
        return trim(nanos / 1e9) + "s";
    }

    private static String trim(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String write(ObjectNode node, QueryParams params) {
        try {
            return params.flag("pretty") ? JSON.writer(new GoStyle.PrettyPrinter()).writeValueAsString(node) : JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
