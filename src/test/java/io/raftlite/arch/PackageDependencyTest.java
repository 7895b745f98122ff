package io.raftlite.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md §2 as a test: each package under src/main/java may import only the raftlite packages
 * and libraries its row allows, so dependencies point downwards and the Raft core stays pure.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/io/raftlite");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED_USE = Pattern.compile("\\b(io\\.raftlite(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    private record Rule(Set<String> ourPackages, List<String> libraries, List<String> forbiddenJdk) {
    }

    private static final List<String> NO_THREADS_OR_IO = List.of("java.util.concurrent", "java.time", "java.sql",
            "java.net", "java.nio.file", "java.io.File");
    private static final List<String> PEKKO_ACTOR = List.of("org.apache.pekko.actor", "org.slf4j");

    /** The table of DESIGN.md §2. "node" may import everything. */
    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("raft.message", new Rule(Set.of(), List.of(), NO_THREADS_OR_IO)),
            Map.entry("raft", new Rule(Set.of("raft.message"), List.of("org.slf4j"), NO_THREADS_OR_IO)),
            // Jackson annotations only, to name the subtypes of the polymorphic PeerMessage field.
            Map.entry("raft.actor", new Rule(Set.of("raft", "raft.message", "raft.storage"),
                    List.of("org.apache.pekko.actor", "org.slf4j", "com.fasterxml.jackson.annotation"), List.of())),
            Map.entry("raft.storage", new Rule(Set.of("raft", "raft.message"),
                    List.of("org.apache.pekko.actor", "org.apache.pekko.persistence", "org.slf4j"), List.of())),
            Map.entry("journal", new Rule(Set.of(),
                    List.of("org.apache.pekko", "scala", "com.typesafe.config", "org.sqlite", "org.slf4j"), List.of())),
            Map.entry("api", new Rule(Set.of(), List.of(), List.of())),
            Map.entry("command", new Rule(Set.of("api"), List.of("com.fasterxml.jackson"), List.of())),
            Map.entry("db", new Rule(Set.of("api", "command"), List.of("org.sqlite", "org.slf4j"), List.of())),
            // api too (proposed for DESIGN.md): the reader facade returns db's api results as they are.
            Map.entry("db.actor", new Rule(Set.of("db", "api", "raft.message", "raft.actor"), PEKKO_ACTOR, List.of())),
            // Jackson too (proposed for DESIGN.md): ApiWireModule names the api's sealed types for the wire.
            Map.entry("cluster", new Rule(Set.of("api", "command", "raft.message", "raft.actor", "db.actor"),
                    List.of("org.apache.pekko.actor", "org.apache.pekko.cluster", "org.slf4j", "com.fasterxml.jackson"), List.of())),
            Map.entry("http", new Rule(Set.of("api"), List.of("org.apache.pekko", "com.fasterxml.jackson", "org.slf4j"), List.of())),
            Map.entry("cli", new Rule(Set.of("api"), List.of("com.fasterxml.jackson"), List.of())),
            Map.entry("bench", new Rule(Set.of("api", "db"), List.of("com.fasterxml.jackson", "org.slf4j"), List.of())));

    @Test
    void everyImportFollowsTheDesignTable() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> check(file, violations));
        }
        assertEquals(List.of(), violations, "imports that DESIGN.md §2 does not allow");
    }

    @Test
    void theCoreIsCheckedAtAll() {
        assertTrue(Files.isDirectory(SOURCES.resolve("raft")), "run from the project root: " + SOURCES.toAbsolutePath());
    }

    private static void check(Path file, List<String> violations) {
        String ownPackage = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        if (ownPackage.equals("node")) {
            return;
        }
        Rule rule = RULES.get(ownPackage);
        if (rule == null) {
            violations.add(file + ": package '" + ownPackage + "' is not in DESIGN.md's table; add it there and here");
            return;
        }
        String source = read(file);
        List<String> referenced = new ArrayList<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            referenced.add(imports.group(1));
        }
        // Names inside string literals are not dependencies (the benchmark starts node processes by class name).
        Matcher qualified = QUALIFIED_USE.matcher(withoutStringContents(source));
        while (qualified.find()) {
            referenced.add(qualified.group(1) + ".X");
        }
        for (String name : referenced) {
            if (!allowed(ownPackage, rule, name)) {
                violations.add(file.getFileName() + " (" + ownPackage + ") uses " + name);
            }
        }
    }

    private static boolean allowed(String ownPackage, Rule rule, String name) {
        if (name.startsWith("io.raftlite.")) {
            String target = packageOf(name.substring("io.raftlite.".length()));
            return target.equals(ownPackage) || rule.ourPackages().contains(target);
        }
        if (name.startsWith("java.")) {
            return rule.forbiddenJdk().stream().noneMatch(name::startsWith);
        }
        return rule.libraries().stream().anyMatch(name::startsWith);
    }

    /** The code without comments and without the contents of string, text-block and char literals. */
    private static String withoutStringContents(String source) {
        StringBuilder code = new StringBuilder(source.length());
        boolean inString = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (!inString && source.startsWith("//", i)) {
                int close = source.indexOf('\n', i);
                i = close < 0 ? source.length() : close - 1; // a line comment, which may hold quotes
                continue;
            }
            if (!inString && source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? source.length() : close + 1;
                continue;
            }
            if (!inString && source.startsWith("\"\"\"", i)) {
                int close = source.indexOf("\"\"\"", i + 3);
                i = close < 0 ? source.length() : close + 2; // a text block: skip it whole
                continue;
            }
            if (!inString && c == '\'') {
                int close = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
                i = close < 0 ? source.length() : close; // a char literal, which may be '"'
                continue;
            }
            if (inString && c == '\\') {
                i++; // skip the escaped character
            } else if (c == '"') {
                inString = !inString;
                code.append(c);
            } else if (!inString) {
                code.append(c);
            }
        }
        return code.toString();
    }

    /** The package part of a name: the segments before the first capitalised one (a class). */
    private static String packageOf(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
