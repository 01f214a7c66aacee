package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Destructive faults act only on a data directory that carries this run's ownership marker. */
class OwnershipGuardTest {
    @TempDir
    Path dir;

    private LocalCluster cluster(Path data) {
        return new LocalCluster("guarded", data, 1, "pw", null, null, null, Duration.ofSeconds(60));
    }

    @Test
    void aDirectoryWithoutTheMarkerIsNeitherDeletedNorCorrupted() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("PG_VERSION"), "15\n");
        LocalCluster c = cluster(data);
        GameDayException e = assertThrows(GameDayException.class, c::destroy);
        assertTrue(e.getMessage().contains(LocalCluster.OWNER_MARKER), e.getMessage());
        assertThrows(GameDayException.class, () -> c.corruptBlock("objects", 0));
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "nothing deleted");
    }

    @Test
    void aMarkerOfAnotherRunIsRefused() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        LocalCluster c = cluster(data);
        c.markOwned("run-a");
        Files.writeString(data.resolve(LocalCluster.OWNER_MARKER), "run-b\n"); // someone else's directory now
        assertThrows(GameDayException.class, c::destroy);
        assertTrue(Files.isDirectory(data), "nothing deleted");
    }

    @Test
    void anOwnedDirectoryIsDeleted() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        LocalCluster c = cluster(data);
        c.markOwned("run-a");
        c.destroy(); // never started: nothing to kill
        assertTrue(Files.notExists(data));
    }
}
