package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * W4, {@code accounts(id, balance)} with {@code CHECK(balance >= 0)} and a fixed total: transfers as
 * one request with {@code ?transaction} (an overdraft fails the check, so nothing of it applies) and
 * reads of every balance in one query. Values: a transfer is {@code {from, to, amount}}, a read a
 * map from the account id (as a string, as JSON keys are) to its balance.
 */
public final class BankWorkload implements Workload {
    private static final String READ = "SELECT id, balance FROM accounts ORDER BY id";
    private static final String WITHDRAW = "UPDATE accounts SET balance = balance - ? WHERE id = ?";
    private static final String DEPOSIT = "UPDATE accounts SET balance = balance + ? WHERE id = ?";

    private final List<String> readLevels;
    private final int accounts;
    private final long initialBalance;
    private final long maxTransfer;

    /** Five accounts of 10 each, transfers of 1 to 5. */
    public BankWorkload(List<String> readLevels) {
        this(readLevels, 5, 10, 5);
    }

    public BankWorkload(List<String> readLevels, int accounts, long initialBalance, long maxTransfer) {
        this.readLevels = List.copyOf(readLevels);
        this.accounts = accounts;
        this.initialBalance = initialBalance;
        this.maxTransfer = maxTransfer;
    }

    public long total() {
        return accounts * initialBalance;
    }

    /** The account ids as reads report them. */
    public java.util.Set<String> accountIds() {
        return IntStream.range(0, accounts).mapToObj(String::valueOf).collect(Collectors.toSet());
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public List<String> schema() {
        String rows = IntStream.range(0, accounts).mapToObj(id -> "(" + id + ", " + initialBalance + ")")
                .collect(Collectors.joining(", "));
        return List.of("CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))",
                "INSERT INTO accounts(id, balance) VALUES " + rows);
    }

    /** 60% transfers between two different accounts, 40% reads. */
    @Override
    public Op next(Random random) {
        if (random.nextInt(10) < 4) {
            return new Op("read", null, null, readLevels.get(random.nextInt(readLevels.size())));
        }
        long from = random.nextInt(accounts);
        long to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
        Map<String, Long> transfer = new LinkedHashMap<>();
        transfer.put("from", from);
        transfer.put("to", to);
        transfer.put("amount", 1 + (long) random.nextInt((int) maxTransfer));
        return new Op("transfer", null, transfer, null);
    }

    @Override
    public Request request(Op op) {
        return switch (op.f()) {
            case "read" -> Request.read(op.level(), Workload.statements(List.of(List.of(READ))));
            case "transfer" -> {
                Map<?, ?> transfer = (Map<?, ?>) op.value();
                yield new Request("/db/execute", "raft_index&transaction", Workload.statements(List.of(
                        List.of(WITHDRAW, transfer.get("amount"), transfer.get("from")),
                        List.of(DEPOSIT, transfer.get("amount"), transfer.get("to")))), true, true);
            }
            default -> throw new IllegalArgumentException("no bank operation " + op.f());
        };
    }

    @Override
    public Object result(Op op, JsonNode results) {
        if (op.f().equals("transfer")) {
            return op.value();
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        Workload.rows(results).forEach(row -> balances.put(row.get(0).asText(), row.get(1).asLong()));
        return balances;
    }

    @Override
    public List<Op> finalReads(String level) {
        return List.of(new Op("read", null, null, level));
    }

    @Override
    public List<String> dumpQueries() {
        return List.of(READ);
    }
}
