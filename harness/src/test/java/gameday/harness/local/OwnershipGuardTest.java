package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDayException;
import gameday.harness.run.Reaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Destructive faults must refuse a PostgreSQL data directory the harness did not create. */
class OwnershipGuardTest {
    /** The guard every fault passes, for run-a; it targets clusters only, so it needs no object store. */
    private final LocalFaultInjector faults = new LocalFaultInjector("run-a", null);
    // not @TempDir (mode 700): the service user must be able to reach it when we are root
    private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gdtest-ownership-" + System.nanoTime());
    private Processes procs;

    @AfterEach
    void cleanUp() {
        if (procs != null) procs.close();
        Reaper.deleteTree(dir);
    }

    /** A directory the service user can reach, and processes that run as it. */
    private void startProcesses() throws Exception {
        ServiceUser user = ServiceUser.detect();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        user.own(dir);
        procs = new Processes(dir.resolve("logs"), user, Map.of());
    }

    private LocalCluster foreignCluster(String runId, Path dataDir) throws Exception {
        return new LocalCluster(runId, "foreign", dataDir, 1, "pw", PgBinaries.locate(), procs, new Barman("http://127.0.0.1:1", "b"),
                Duration.ofSeconds(60));
    }

    @Test
    void aFaultPointedAtAForeignServerIsRefusedAndTheServerLives() throws Exception {
        startProcesses();
        Path data = dir.resolve("data");
        PgBinaries pg = PgBinaries.locate();
        procs.run("initdb", List.of(pg.tool("initdb"), "-D", data.toString(), "--auth=trust", "-U", "postgres"), Duration.ofMinutes(2));
        int port = LocalEnvironment.freePort();
        Process foreign = procs.start("postgres", List.of(pg.tool("postgres"), "-D", data.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));

        GameDayException e = assertThrows(GameDayException.class, () -> faults.kill(foreignCluster("run-a", data)));
        assertTrue(e.getMessage().contains("carries no gameday ownership marker"), e.getMessage());
        assertTrue(foreign.isAlive(), "the foreign server must be untouched");
    }

    @Test
    void aDirectoryOfAnotherRunIsRefused() throws Exception {
        Path data = Files.createDirectories(dir.resolve("other"));
        OwnerMarker.mark(data, "run-b");
        GameDayException e = assertThrows(GameDayException.class, () -> OwnerMarker.require(data, "run-a", "corrupt"));
        assertTrue(e.getMessage().contains("belongs to run run-b"), e.getMessage());
        OwnerMarker.require(data, "run-b", "corrupt"); // its own run may
    }

    private static LocalCluster unstarted(String runId, Path data) {
        return new LocalCluster(runId, "guarded", data, 1, "pw", null, null, null, Duration.ofSeconds(60));
    }

    @Test
    void aDirectoryWithoutTheMarkerIsNeitherDeletedNorCorrupted() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("PG_VERSION"), "15\n");
        LocalCluster c = unstarted("run-a", data);
        GameDayException e = assertThrows(GameDayException.class, () -> faults.destroy(c));
        assertTrue(e.getMessage().contains(OwnerMarker.MARKER), e.getMessage());
        assertThrows(GameDayException.class, () -> faults.corruptBlock(c, "objects", 0));
        assertThrows(GameDayException.class, () -> faults.breakArchiving(c));
        assertThrows(GameDayException.class, () -> faults.sql(c, conn -> { }));
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "nothing deleted");
    }

    @Test
    void anOwnedDirectoryIsDeletedAndAnotherRunsIsNot() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        LocalCluster c = unstarted("run-a", data);
        c.markOwned();
        Files.writeString(data.resolve(OwnerMarker.MARKER), "run-b\n"); // someone else's directory now
        assertThrows(GameDayException.class, () -> faults.destroy(c));
        assertTrue(Files.isDirectory(data), "nothing deleted");
        c.markOwned();
        faults.destroy(c); // never started: nothing to kill
        assertTrue(Files.notExists(data));
    }

    @Test
    void aBucketThisEnvironmentDidNotCreateIsRefused() {
        GameDayException e = assertThrows(GameDayException.class, () -> faults.deleteBucket("someone-elses"));
        assertTrue(e.getMessage().startsWith("refusing to delete bucket someone-elses"), e.getMessage());
        assertThrows(GameDayException.class, () -> faults.deleteObject("someone-elses", "key"));
    }

    /** Not ownership, but the same fixture: a port taken between choosing it and binding it moves the server to another. */
    @Test
    void aTakenPortIsReplacedAtStart() throws Exception {
        startProcesses();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LocalCluster c = new LocalCluster("run-a", "busy", dir.resolve("busy"), taken.getLocalPort(), "pw", PgBinaries.locate(), procs,
                    new Barman("http://127.0.0.1:1", "b"), Duration.ofSeconds(60));
            c.initdb();
            c.start(Duration.ofSeconds(60));
            assertTrue(c.port() != taken.getLocalPort(), "moved off the taken port");
            assertTrue(c.isRunning());
            c.stop(Duration.ofSeconds(30));
        }
    }
}
