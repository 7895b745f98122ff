package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** W3, one set in {@code elements(v)}: unique inserts ({@code add}) and, now and then, a read of the whole set (key {@value #KEY}). */
public final class SetWorkload implements Workload {
    static final String KEY = "set";
    private static final String READ = "SELECT v FROM elements ORDER BY v";
    private static final String ADD = "INSERT INTO elements(v) VALUES(?)";

    private final List<String> readLevels;
    private final AtomicLong values = new AtomicLong();

    public SetWorkload(List<String> readLevels) {
        this.readLevels = List.copyOf(readLevels);
    }

    @Override
    public String name() {
        return "set";
    }

    @Override
    public List<String> schema() {
        return List.of("CREATE TABLE IF NOT EXISTS elements (v INTEGER PRIMARY KEY)");
    }

    /** 90% adds, 10% reads. */
    @Override
    public Op next(Random random) {
        return random.nextInt(10) == 0 ? new Op("read", KEY, null, readLevels.get(random.nextInt(readLevels.size())))
                : new Op("add", KEY, values.incrementAndGet(), null);
    }

    @Override
    public Request request(Op op) {
        return switch (op.f()) {
            case "read" -> Request.read(op.level(), Workload.statements(List.of(List.of(READ))));
            case "add" -> Request.write(Workload.statements(List.of(List.of(ADD, op.value()))));
            default -> throw new IllegalArgumentException("no set operation " + op.f());
        };
    }

    @Override
    public Object result(Op op, JsonNode results) {
        if (op.f().equals("add")) {
            return op.value();
        }
        List<Long> elements = new ArrayList<>();
        Workload.rows(results).forEach(row -> elements.add(row.get(0).asLong()));
        return elements;
    }

    @Override
    public List<Op> finalReads(String level) {
        return List.of(new Op("read", KEY, null, level));
    }

    @Override
    public List<String> dumpQueries() {
        return List.of(READ);
    }
}
