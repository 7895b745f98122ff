package io.raftlite.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies as rqlite reads them: a JSON array whose elements are SQL strings or
 * {@code [sql, params...]} arrays, where a JSON object gives named parameters; or, as
 * {@code text/plain}, one SQL statement. Parameter values are typed as rqlite types them.
 */
final class StatementsParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatementsParser() {
    }

    static List<Statement> plainText(String body) {
        if (body.isBlank()) {
            throw new BadRequest("no statements");
        }
        return List.of(Statement.of(body));
    }

    static List<Statement> json(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (StreamConstraintsException tooLarge) {
            // Jackson's limits (a string of 20 million characters, say) are below max-body-size:
            // say which one was hit rather than calling a well-formed body invalid.
            throw new BadRequest("JSON body exceeds a parser limit: " + tooLarge.getOriginalMessage());
        } catch (JsonProcessingException invalid) {
            throw new BadRequest("invalid JSON body");
        }
        if (root == null || !root.isArray()) {
            throw new BadRequest("invalid request");
        }
        if (root.isEmpty()) {
            throw new BadRequest("no statements");
        }
        List<Statement> statements = new ArrayList<>(root.size());
        for (JsonNode element : root) {
            statements.add(statement(element));
        }
        return statements;
    }

    private static Statement statement(JsonNode element) {
        if (element.isTextual()) {
            return Statement.of(element.textValue());
        }
        if (!element.isArray() || element.isEmpty() || !element.get(0).isTextual()) {
            throw new BadRequest("invalid request");
        }
        List<SqlValue> positional = new ArrayList<>();
        Map<String, SqlValue> named = new LinkedHashMap<>();
        for (int i = 1; i < element.size(); i++) {
            JsonNode parameter = element.get(i);
            if (parameter.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = parameter.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    named.put(field.getKey(), value(field.getValue()));
                }
            } else {
                positional.add(value(parameter));
            }
        }
        return new Statement(element.get(0).textValue(), positional, named);
    }

    /** rqlite's typing: int64 integers, other numbers real, x'..' strings and byte arrays blobs. */
    static SqlValue value(JsonNode node) {
        if (node.isNull()) {
            return SqlValue.NULL;
        }
        if (node.isBoolean()) {
            return new SqlValue.Bool(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return new SqlValue.Int(node.longValue());
        }
        if (node.isNumber()) {
            return new SqlValue.Real(node.doubleValue());
        }
        if (node.isTextual()) {
            return hexBlob(node.textValue()).orElseGet(() -> new SqlValue.Text(node.textValue()));
        }
        if (node.isArray()) {
            byte[] bytes = new byte[node.size()];
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isIntegralNumber() || item.intValue() < 0 || item.intValue() > 255) {
                    throw new BadRequest("unsupported type: an array parameter must hold byte values 0-255");
                }
                bytes[i] = (byte) item.intValue();
            }
            return new SqlValue.Blob(bytes);
        }
        throw new BadRequest("unsupported type: " + node.getNodeType().name().toLowerCase() + " parameter");
    }

    private static java.util.Optional<SqlValue> hexBlob(String text) {
        String trimmed = text.trim();
        if (trimmed.length() < 3 || (trimmed.charAt(0) != 'x' && trimmed.charAt(0) != 'X') || trimmed.charAt(1) != '\''
                || !trimmed.endsWith("'")) {
            return java.util.Optional.empty();
        }
        String hex = trimmed.substring(2, trimmed.length() - 1);
        try {
            return hex.length() % 2 == 0 ? java.util.Optional.of(new SqlValue.Blob(HexFormat.of().parseHex(hex))) : java.util.Optional.empty();
        } catch (IllegalArgumentException notHex) {
            return java.util.Optional.empty();
        }
    }
}
