package gameday.harness.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named waits against a real local primary (no standby): what holds on a primary passes, what cannot fails as one line. */
class PgWaitTest {
    @TempDir
    static Path dir;
    static LocalEnvironment env;
    static DatabaseCluster primary;

    @BeforeAll
    static void primary() throws Exception {
        env = LocalBench.create(dir.resolve("env"), EnvironmentSpec.DEFAULT);
        primary = env.primary();
    }

    @AfterAll
    static void close() {
        if (env != null) env.close();
    }

    @Test
    void aRunningPrimaryIsConnectableAndOutOfRecovery() {
        PgWait.connectable(primary).atMost(Duration.ofSeconds(30)).await();
        PgWait.promoted(primary).atMost(Duration.ofSeconds(30)).await();
        PgWait.recoveryTargetReached(primary, "2000-01-01 00:00:00+00").atMost(Duration.ofSeconds(30)).await();
    }

    @Test
    void theSwitchedSegmentIsInTheArchive() throws Exception {
        String segment = PgWait.switchWalAndAwaitArchived(primary, Duration.ofSeconds(60), Duration.ofMillis(50));
        assertTrue(primary.lastArchivedWal().compareTo(segment) >= 0, primary.lastArchivedWal() + " < " + segment);
    }

    @Test
    void aPrimaryNeverReplaysSoTheWaitFailsAsOneLineNamingIt() throws Exception {
        String lsn;
        try (Connection c = primary.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            rs.next();
            lsn = rs.getString(1);
        }
        String at = lsn;
        GameDayException e = assertThrows(GameDayException.class, () -> PgWait.replayedPast(primary, at).atMost(Duration.ofMillis(500)).await());
        assertEquals("timed out after 500 ms waiting for " + primary.name() + " to replay past " + lsn, e.getMessage());
    }

    @Test
    void aPrimaryDoesNotStreamFromItself() {
        GameDayException e = assertThrows(GameDayException.class,
                () -> PgWait.streaming(primary, primary, "async").atMost(Duration.ofMillis(500)).await());
        assertEquals("timed out after 500 ms waiting for " + primary.name() + " to stream from " + primary.name() + " (async)", e.getMessage());
    }
}
