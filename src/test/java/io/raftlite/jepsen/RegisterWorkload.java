package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W1, registers in {@code reg(k, v)}: reads at the given levels, writes of a value unique per key
 * (an upsert), and compare-and-set ({@code UPDATE ... WHERE v = old}: one row affected is ok true,
 * none is ok false: it ran and saw another value). Keys rotate every {@code opsPerKey} operations.
 */
public final class RegisterWorkload implements Workload {
    private static final String READ = "SELECT v FROM reg WHERE k = ?";
    private static final String WRITE = "INSERT INTO reg(k, v) VALUES(?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v";
    private static final String CAS = "UPDATE reg SET v = ? WHERE k = ? AND v = ?";

    private final List<String> readLevels;
    private final KeyPool keys;
    private final AtomicLong values = new AtomicLong();
    /** The last value seen on each key, the usual expectation of a cas. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    /** Three active keys, each used for 100 operations. */
    public RegisterWorkload(List<String> readLevels) {
        this(readLevels, 3, 100);
    }

    public RegisterWorkload(List<String> readLevels, int activeKeys, int opsPerKey) {
        this.readLevels = List.copyOf(readLevels);
        this.keys = new KeyPool("r", activeKeys, opsPerKey);
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public List<String> schema() {
        return List.of("CREATE TABLE IF NOT EXISTS reg (k TEXT PRIMARY KEY, v INTEGER)");
    }

    /** Half reads, 30% writes, 20% cas. */
    @Override
    public Op next(Random random) {
        String key = keys.next(random);
        int dice = random.nextInt(10);
        if (dice < 5) {
            return new Op("read", key, null, readLevels.get(random.nextInt(readLevels.size())));
        }
        if (dice < 8) {
            return new Op("write", key, values.incrementAndGet(), null);
        }
        long expected = lastSeen.getOrDefault(key, 1 + (long) random.nextInt((int) Math.max(1, values.get())));
        return new Op("cas", key, List.of(expected, values.incrementAndGet()), null);
    }

    @Override
    public Request request(Op op) {
        return switch (op.f()) {
            case "read" -> Request.read(op.level(), Workload.statements(List.of(List.of(READ, op.key()))));
            case "write" -> Request.write(Workload.statements(List.of(List.of(WRITE, op.key(), op.value()))));
            case "cas" -> {
                List<?> oldAndNew = (List<?>) op.value();
                yield Request.write(Workload.statements(List.of(List.of(CAS, oldAndNew.get(1), op.key(), oldAndNew.get(0)))));
            }
            default -> throw new IllegalArgumentException("no register operation " + op.f());
        };
    }

    @Override
    public Object result(Op op, JsonNode results) {
        return switch (op.f()) {
            case "read" -> {
                JsonNode rows = Workload.rows(results);
                yield rows.isEmpty() || rows.get(0).get(0).isNull() ? null : rows.get(0).get(0).asLong();
            }
            case "write" -> op.value();
            case "cas" -> results.path(0).path("rows_affected").asLong(0) == 1;
            default -> throw new IllegalArgumentException("no register operation " + op.f());
        };
    }

    @Override
    public void completed(Op op, HistoryEvent completion) {
        if (completion.type() != HistoryEvent.Type.OK) {
            return;
        }
        if (op.f().equals("read") && completion.value() instanceof Long read) {
            lastSeen.put(op.key(), read);
        } else if (op.f().equals("write")) {
            lastSeen.put(op.key(), (Long) op.value());
        } else if (op.f().equals("cas") && Boolean.TRUE.equals(completion.value())) {
            lastSeen.put(op.key(), (Long) ((List<?>) op.value()).get(1));
        }
    }

    @Override
    public List<Op> finalReads(String level) {
        return keys.all().stream().map(key -> new Op("read", key, null, level)).toList();
    }

    @Override
    public List<String> dumpQueries() {
        return List.of("SELECT k, v FROM reg ORDER BY k");
    }
}
