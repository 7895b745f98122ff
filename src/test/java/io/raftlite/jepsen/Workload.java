package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Random;

/**
 * What the clients do in one kind of test: the tables, the next operation, its SQL request, and the
 * value of its answer as {@link HistoryEvent} records it. Implementations are shared by all client
 * threads, so they are thread-safe.
 */
public interface Workload {
    /** One operation: f, key and value as the invocation records them; {@code level} for reads, else null. */
    record Op(String f, String key, Object value, String level) {
    }

    /**
     * The HTTP request of an operation: a POST of {@code body} to {@code path?query}.
     *
     * @param write  it may change the database (so an unknown outcome is {@code info})
     * @param atomic a failed statement means nothing of it was applied (one statement, or a transaction)
     */
    record Request(String path, String query, String body, boolean write, boolean atomic) {
        static Request read(String level, String body) {
            return new Request("/db/query", "level=" + level, body, false, true);
        }

        static Request write(String body) {
            return new Request("/db/execute", "raft_index", body, true, true);
        }
    }

    String name();

    /** The statements that create the tables, sent once as one transaction before the clients start. */
    List<String> schema();

    Op next(Random random);

    Request request(Op op);

    /** The value of an {@code ok} completion, from its {@code results} array. */
    Object result(Op op, JsonNode results);

    /** Told every completion, to pick later arguments (a cas's expected value) from what was seen. */
    default void completed(Op op, HistoryEvent completion) {
    }

    /** Reads at {@code level} that together see all the state this workload wrote. */
    List<Op> finalReads(String level);

    /** Queries whose answers must be identical on every replica once they applied the same entries. */
    List<String> dumpQueries();

    /** A request body {@code [[sql, param, ...], ...]}. */
    static String statements(List<List<Object>> statements) {
        ArrayNode body = new ObjectMapper().createArrayNode();
        for (List<Object> statement : statements) {
            ArrayNode json = body.addArray();
            for (Object part : statement) {
                if (part instanceof Number number) {
                    json.add(number.longValue());
                } else {
                    json.add(String.valueOf(part));
                }
            }
        }
        return body.toString();
    }

    /** The rows ({@code values}) of the first result; empty when it returned none. */
    static JsonNode rows(JsonNode results) {
        JsonNode values = results.path(0).path("values");
        return values.isArray() ? values : new ObjectMapper().createArrayNode();
    }
}
