package io.raftlite.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/** The optional body of POST /leader: {@code {"id": "node2"}} names the successor; nothing else is accepted. */
final class TransferTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TransferTarget() {
    }

    static Optional<String> parse(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException invalid) {
            throw new BadRequest("invalid JSON body");
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.path("id").isTextual() || root.path("id").textValue().isBlank()) {
            throw new BadRequest("invalid request: the body must be {\"id\": \"<node id>\"}");
        }
        return Optional.of(root.get("id").textValue());
    }
}
