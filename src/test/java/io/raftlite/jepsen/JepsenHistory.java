package io.raftlite.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Jepsen register history ({@code PROCESS :invoke|:ok|:fail|:info :read|:write|:cas VALUE})
 * into operations. A read that failed or timed out had no effect and is dropped; an :info write or
 * cas, and anything never answered, has an unknown outcome; a failed cas ran and did not match.
 */
final class JepsenHistory {
    private JepsenHistory() {
    }

    static List<Operation> parse(Path file) throws IOException {
        List<Operation> operations = new ArrayList<>();
        Map<Integer, Object[]> open = new HashMap<>(); // process -> {call time, function, argument}
        long time = 0;
        for (String line : Files.readAllLines(file)) {
            int marker = line.indexOf("jepsen.util - ");
            if (marker < 0) {
                continue;
            }
            String[] fields = line.substring(marker + "jepsen.util - ".length()).trim().split("\\s+", 4);
            int process = Integer.parseInt(fields[0]);
            String type = fields[1];
            String function = fields[2].substring(1);
            String value = fields.length > 3 ? fields[3].trim() : "nil";
            time++;
            if (type.equals(":invoke")) {
                open.put(process, new Object[] {time, function, function.equals("read") ? null : parseValue(function, value)});
                continue;
            }
            Object[] invocation = open.remove(process);
            long call = (Long) invocation[0];
            int id = operations.size();
            switch (type) {
                case ":ok" -> operations.add(new Operation(id, process, call, time, function, invocation[2],
                        function.equals("read") ? parseValue("read", value) : function.equals("cas") ? Boolean.TRUE : null));
                case ":fail" -> {
                    if (function.equals("cas") && !value.startsWith(":")) {
                        operations.add(new Operation(id, process, call, time, function, invocation[2], Boolean.FALSE));
                    } // a failed read or write had no effect
                }
                default -> { // :info: unknown outcome; a read without a result has no effect
                    if (!function.equals("read")) {
                        operations.add(new Operation(id, process, call, Long.MAX_VALUE, function, invocation[2], null));
                    }
                }
            }
        }
        for (Map.Entry<Integer, Object[]> neverAnswered : open.entrySet()) {
            Object[] invocation = neverAnswered.getValue();
            if (!invocation[1].equals("read")) {
                operations.add(new Operation(operations.size(), neverAnswered.getKey(), (Long) invocation[0], Long.MAX_VALUE,
                        (String) invocation[1], invocation[2], null));
            }
        }
        return operations;
    }

    private static Object parseValue(String function, String text) {
        if (function.equals("cas")) {
            String[] parts = text.replace("[", "").replace("]", "").trim().split("\\s+");
            return new Object[] {number(parts[0]), number(parts[1])};
        }
        return number(text);
    }

    private static Object number(String text) {
        return text.equals("nil") ? null : (Object) Long.parseLong(text);
    }
}
