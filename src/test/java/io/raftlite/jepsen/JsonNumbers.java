package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History values as the checkers compare them. JSON gives back Integer or Long depending on size,
 * and {@code Integer.valueOf(1).equals(1L)} is false, so every number is made a Long here.
 */
final class JsonNumbers {
    private JsonNumbers() {
    }

    /** The value as a Long; null stays null (an absent register). */
    static Long toLong(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalArgumentException("expected a number, got " + value + " (" + value.getClass().getSimpleName() + ")");
    }

    static List<Long> toLongList(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list of numbers, got " + value);
        }
        List<Long> longs = new ArrayList<>(list.size());
        for (Object element : list) {
            longs.add(toLong(element));
        }
        return longs;
    }

    static Map<String, Long> toLongMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a map of numbers, got " + value);
        }
        Map<String, Long> longs = new LinkedHashMap<>();
        map.forEach((name, number) -> longs.put(String.valueOf(name), toLong(number)));
        return longs;
    }
}
