package io.raftlite.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftlite.api.FaultControl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The JSON of /admin/faults/network: {@code {"rules":[{"peer","direction","drop","duplicate","delay_ms":[min,max],"blackhole"}]}}. */
final class FaultRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RULE_FIELDS = Set.of("peer", "direction", "drop", "duplicate", "delay_ms", "blackhole");

    private FaultRules() {
    }

    static List<FaultControl.LinkRule> parse(String body) {
        JsonNode root = readTree(body);
        if (!root.isObject() || root.size() != 1 || !root.path("rules").isArray()) {
            throw new BadRequest("invalid request: the body must be {\"rules\": [ ... ]}");
        }
        List<FaultControl.LinkRule> rules = new ArrayList<>();
        for (JsonNode rule : root.get("rules")) {
            rules.add(rule(rule));
        }
        return rules;
    }

    private static FaultControl.LinkRule rule(JsonNode rule) {
        if (!rule.isObject()) {
            throw new BadRequest("invalid rule: each rule must be an object");
        }
        for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RULE_FIELDS.contains(name)) {
                throw new BadRequest("invalid rule: unknown field '" + name + "' (known: " + RULE_FIELDS + ")");
            }
        }
        if (!rule.path("peer").isTextual() || rule.get("peer").textValue().isBlank()) {
            throw new BadRequest("invalid rule: 'peer' must name a node id");
        }
        String direction = rule.path("direction").asText("both");
        if (!Set.of("in", "out", "both").contains(direction)) {
            throw new BadRequest("invalid rule: 'direction' must be in, out or both");
        }
        JsonNode delay = rule.path("delay_ms");
        long minDelay = 0;
        long maxDelay = 0;
        if (!delay.isMissingNode()) {
            if (!delay.isArray() || delay.size() != 2 || !delay.get(0).canConvertToLong() || !delay.get(1).canConvertToLong()) {
                throw new BadRequest("invalid rule: 'delay_ms' must be [min, max] in milliseconds");
            }
            minDelay = delay.get(0).asLong();
            maxDelay = delay.get(1).asLong();
        }
        return new FaultControl.LinkRule(rule.get("peer").textValue(), direction, probability(rule, "drop"),
                probability(rule, "duplicate"), minDelay, maxDelay, rule.path("blackhole").asBoolean(false));
    }

    private static double probability(JsonNode rule, String field) {
        JsonNode value = rule.path(field);
        if (value.isMissingNode()) {
            return 0;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw new BadRequest("invalid rule: '" + field + "' must be a probability between 0 and 1");
        }
        return value.asDouble();
    }

    static String render(List<FaultControl.LinkRule> rules) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("rules");
        for (FaultControl.LinkRule rule : rules) {
            ObjectNode json = array.addObject();
            json.put("peer", rule.peer());
            json.put("direction", rule.direction());
            json.put("drop", rule.drop());
            json.put("duplicate", rule.duplicate());
            json.putArray("delay_ms").add(rule.minDelayMillis()).add(rule.maxDelayMillis());
            json.put("blackhole", rule.blackhole());
        }
        return root.toString();
    }

    /** {@code {"field": <non-negative integer>}} or {@code {"field": <boolean>}}: the one value, as a node. */
    static JsonNode single(String body, String field) {
        JsonNode root = readTree(body);
        if (!root.isObject() || root.size() != 1 || !root.has(field)) {
            throw new BadRequest("invalid request: the body must be {\"" + field + "\": ...}");
        }
        return root.get(field);
    }

    private static JsonNode readTree(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                throw new BadRequest("invalid request: empty body");
            }
            return root;
        } catch (JsonProcessingException invalid) {
            throw new BadRequest("invalid JSON body");
        }
    }
}
