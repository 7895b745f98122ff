package io.raftlite.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.raftlite.api.SqlResponse;
import io.raftlite.api.SqlValue;
import io.raftlite.api.StatementResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** rqlite's response JSON, written field by field in its order, with its omitted-when-empty fields. */
final class ResponseWriter {
    /** How the client asked the response to be shaped (query flags). */
    record Shape(boolean pretty, boolean timings, boolean associative, boolean blobArray, boolean raftIndex) {
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private ResponseWriter() {
    }

    static String results(SqlResponse response, Shape shape) {
        return write(shape, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            for (StatementResult result : response.results()) {
                result(json, result, shape);
            }
            json.writeEndArray();
            if (shape.timings()) {
                json.writeFieldName("time");
                json.writeNumber(GoStyle.number(response.seconds()));
            }
            if (shape.raftIndex() && response.raftIndex() != 0) {
                json.writeNumberField("raft_index", response.raftIndex());
            }
            json.writeEndObject();
        });
    }

    /** A request-level error: HTTP 200 with no results (rqlite's "disallowed pragma", "stale read", ...). */
    static String error(String message, Shape shape) {
        return write(shape, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            json.writeEndArray();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private static void result(JsonGenerator json, StatementResult result, Shape shape) throws IOException {
        json.writeStartObject();
        if (result instanceof StatementResult.Executed executed) {
            if (executed.lastInsertId() != 0) {
                json.writeNumberField("last_insert_id", executed.lastInsertId());
            }
            if (executed.rowsAffected() != 0) {
                json.writeNumberField("rows_affected", executed.rowsAffected());
            }
            if (shape.associative()) {
                json.writeNullField("rows");
            }
        } else if (result instanceof StatementResult.Rows rows) {
            if (shape.associative()) {
                associativeRows(json, rows, shape);
            } else {
                arrayRows(json, rows, shape);
            }
        } else if (result instanceof StatementResult.Failed failed) {
            json.writeStringField("error", failed.error());
        }
        if (shape.timings()) {
            json.writeFieldName("time");
            json.writeNumber(GoStyle.number(result.seconds()));
        }
        json.writeEndObject();
    }

    private static void arrayRows(JsonGenerator json, StatementResult.Rows rows, Shape shape) throws IOException {
        writeStrings(json, "columns", rows.columns());
        writeStrings(json, "types", rows.types());
        if (!rows.rows().isEmpty()) {
            json.writeArrayFieldStart("values");
            for (List<SqlValue> row : rows.rows()) {
                json.writeStartArray();
                for (SqlValue value : row) {
                    value(json, value, shape);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
        }
    }

    private static void associativeRows(JsonGenerator json, StatementResult.Rows rows, Shape shape) throws IOException {
        json.writeObjectFieldStart("types");
        for (int i = 0; i < rows.columns().size(); i++) {
            json.writeStringField(rows.columns().get(i), rows.types().get(i));
        }
        json.writeEndObject();
        json.writeArrayFieldStart("rows");
        for (List<SqlValue> row : rows.rows()) {
            json.writeStartObject();
            for (int i = 0; i < rows.columns().size(); i++) {
                json.writeFieldName(rows.columns().get(i));
                value(json, row.get(i), shape);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void value(JsonGenerator json, SqlValue value, Shape shape) throws IOException {
        if (value instanceof SqlValue.Int integer) {
            json.writeNumber(integer.value());
        } else if (value instanceof SqlValue.Real real) {
            if (Double.isFinite(real.value())) {
                json.writeNumber(GoStyle.number(real.value()));
            } else {
                json.writeNull(); // JSON has no infinity; SQLite stores NaN as NULL anyway
            }
        } else if (value instanceof SqlValue.Text text) {
            json.writeString(text.value());
        } else if (value instanceof SqlValue.Bool bool) {
            json.writeBoolean(bool.value());
        } else if (value instanceof SqlValue.Blob blob) {
            if (shape.blobArray()) {
                json.writeStartArray();
                for (byte b : blob.value()) {
                    json.writeNumber(b & 0xff);
                }
                json.writeEndArray();
            } else {
                json.writeString(Base64.getEncoder().encodeToString(blob.value()));
            }
        } else {
            json.writeNull();
        }
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Shape shape, Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            if (shape.pretty()) {
                json.setPrettyPrinter(new GoStyle.PrettyPrinter());
            }
            body.write(json);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }
}
