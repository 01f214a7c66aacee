package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {
    private static Path tool(Path dir, String body) throws Exception {
        Path t = dir.resolve("tool-" + System.nanoTime());
        Files.writeString(t, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        return t;
    }

    @Test
    void firstLineOfAToolThatAnswers(@TempDir Path dir) throws Exception {
        assertEquals("tool 1.2", Processes.firstLine(tool(dir, "echo 'tool 1.2'; echo second").toString(), "--version"));
    }

    /** A hung --version must not hang `gameday doctor`: the read is bounded by the timeout. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the hang itself, not a measurement
    void aToolThatNeverExitsGivesUnknown(@TempDir Path dir) throws Exception {
        assertEquals("unknown", Processes.firstLine(Duration.ofSeconds(1), tool(dir, "echo 'tool 1.2'; exec sleep 600").toString()));
    }

    /** A grandchild that keeps the output open must not hold the read either. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aGrandchildHoldingTheOutputDoesNotHang(@TempDir Path dir) throws Exception {
        assertEquals("tool 1.2", Processes.firstLine(Duration.ofSeconds(5), tool(dir, "echo 'tool 1.2'; sleep 30 &").toString()));
    }

    @Test
    void relativeLogDirectoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Processes(Path.of("runs", "x"), ServiceUser.detect(), Map.of()));
    }
}
