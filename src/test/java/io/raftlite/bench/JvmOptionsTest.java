package io.raftlite.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmOptionsTest {
    @Test
    void parsesOneOptionPerLineSkippingCommentsAndBlanks() {
        assertEquals(List.of("-Xmx128m", "-XX:+UseSerialGC"), JvmOptions.parse("# why\n -Xmx128m \n\n-XX:+UseSerialGC\n"));
    }

    @Test
    void theShippedFileCapsTheHeapAsTheLaunchersDo() throws Exception {
        List<String> options = JvmOptions.node();
        assertTrue(options.stream().anyMatch(option -> option.startsWith("-Xmx")), options.toString());
        // bin/lib/launch.sh reads the source tree's file, the bench and the tests the class-path copy: they must agree.
        assertEquals(JvmOptions.parse(Files.readString(Path.of("src/main/resources/jvm.options"))), options);
    }

    @Test
    void usesTheArchiveOnlyWhenItIsNewerThanTheJar(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("raftlite.jar"), "jar");
        Path archive = Files.writeString(dir.resolve("raftlite.jsa"), "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000));
        assertEquals(Optional.empty(), JvmOptions.freshArchive(jar), "an archive older than the jar is stale");
        assertEquals(JvmOptions.node(), JvmOptions.node(Optional.of(jar)));

        Files.setLastModifiedTime(archive, FileTime.fromMillis(3_000_000));
        assertEquals(Optional.of(archive), JvmOptions.freshArchive(jar));
        assertEquals("-XX:SharedArchiveFile=" + archive, JvmOptions.node(Optional.of(jar)).get(JvmOptions.node().size()));
    }

    @Test
    void noArchiveWithoutAJar(@TempDir Path dir) throws Exception {
        assertEquals(JvmOptions.node(), JvmOptions.node(Optional.empty()));
        assertEquals(Optional.empty(), JvmOptions.freshArchive(Files.createDirectories(dir.resolve("classes"))));
    }
}
