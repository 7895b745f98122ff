package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2, lists in {@code lists(k, v)} as comma-separated text: appends of a value unique per key (an
 * upsert that concatenates) and reads of the whole list, for the prefix checker. Keys rotate every
 * {@code opsPerKey} operations.
 */
public final class ListAppendWorkload implements Workload {
    private static final String READ = "SELECT v FROM lists WHERE k = ?";
    private static final String APPEND = "INSERT INTO lists(k, v) VALUES(?, ?) ON CONFLICT(k) DO UPDATE SET v = v || ',' || excluded.v";

    private final List<String> readLevels;
    private final KeyPool keys;
    private final AtomicLong values = new AtomicLong();

    /** Three active keys, each used for 100 operations. */
    public ListAppendWorkload(List<String> readLevels) {
        this(readLevels, 3, 100);
    }

    public ListAppendWorkload(List<String> readLevels, int activeKeys, int opsPerKey) {
        this.readLevels = List.copyOf(readLevels);
        this.keys = new KeyPool("l", activeKeys, opsPerKey);
    }

    @Override
    public String name() {
        return "list-append";
    }

    @Override
    public List<String> schema() {
        return List.of("CREATE TABLE IF NOT EXISTS lists (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    }

    /** Half appends, half reads. */
    @Override
    public Op next(Random random) {
        String key = keys.next(random);
        return random.nextBoolean() ? new Op("append", key, values.incrementAndGet(), null)
                : new Op("read", key, null, readLevels.get(random.nextInt(readLevels.size())));
    }

    @Override
    public Request request(Op op) {
        return switch (op.f()) {
            case "read" -> Request.read(op.level(), Workload.statements(List.of(List.of(READ, op.key()))));
            case "append" -> Request.write(Workload.statements(List.of(List.of(APPEND, op.key(), String.valueOf(op.value())))));
            default -> throw new IllegalArgumentException("no list-append operation " + op.f());
        };
    }

    @Override
    public Object result(Op op, JsonNode results) {
        if (op.f().equals("append")) {
            return op.value();
        }
        JsonNode rows = Workload.rows(results);
        return rows.isEmpty() ? List.of() : parse(rows.get(0).get(0).asText());
    }

    static List<Long> parse(String list) {
        List<Long> values = new ArrayList<>();
        for (String value : list.split(",")) {
            if (!value.isEmpty()) {
                values.add(Long.parseLong(value));
            }
        }
        return values;
    }

    @Override
    public List<Op> finalReads(String level) {
        return keys.all().stream().map(key -> new Op("read", key, null, level)).toList();
    }

    @Override
    public List<String> dumpQueries() {
        return List.of("SELECT k, v FROM lists ORDER BY k");
    }
}
