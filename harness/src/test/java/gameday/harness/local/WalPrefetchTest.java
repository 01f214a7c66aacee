package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Phases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prefetch is an optimisation only: it must restore exactly what sequential fetch restores. */
class WalPrefetchTest {
    @TempDir
    Path dir;

    @Test
    void prefetchRestoresTheSameRowsAsSequentialAndServesSegmentsFromTheSpool() throws Exception {
        try (LocalEnvironment env = LocalBench.create(dir.resolve("env"), EnvironmentSpec.DEFAULT)) {
            DatabaseCluster primary = env.primary();
            exec(primary, "CREATE TABLE t(id int PRIMARY KEY, payload text); INSERT INTO t SELECT g, 'before' FROM generate_series(1, 1000) g");
            primary.backup(Duration.ofMinutes(5));
            for (int i = 0; i < 5; i++) // five more segments after the backup, each with rows that only WAL replay brings back
                exec(primary, "INSERT INTO t SELECT g, 'after' FROM generate_series(" + (2000 + i * 1000) + ", " + (2999 + i * 1000) + ") g;"
                        + "SELECT pg_switch_wal()");
            primary.switchWalAndAwaitArchived(Duration.ofMinutes(2));
            long expected = count(primary);
            primary.stop(Duration.ofSeconds(30));

            LocalBench.walMaxParallel(env, 1);
            Measures sequential = new Measures();
            DatabaseCluster seq = env.recovery().latest(sequential);
            long seqRows = count(seq);
            LocalBench.discard(env, seq);

            LocalBench.walMaxParallel(env, 4);
            Measures prefetch = new Measures();
            DatabaseCluster pre = env.recovery().latest(prefetch);

            assertEquals(6000, expected);
            assertEquals(expected, seqRows, "sequential restore");
            assertEquals(expected, count(pre), "prefetch restore");
            assertEquals(0L, sequential.values.get("walSegmentsPrefetched"), "sequential mode fetches nothing ahead");
            long prefetched = (Long) prefetch.values.get("walSegmentsPrefetched");
            assertTrue(prefetched >= 5, "segments served from the spool: " + prefetched);
            assertEquals(sequential.values.get("walSegmentsRestored"), prefetch.values.get("walSegmentsRestored"), "same segments replayed");
            assertEquals(0L, sequential.values.get("walAsksAnswered"), "sequential mode asks nothing of the prefetch");
            // replay to the end probes past the last segment and for the next timeline's history file: "not in the archive", from Java
            assertTrue((Long) prefetch.values.get("walAsksAnswered") >= 2, "asks answered: " + prefetch.values.get("walAsksAnswered"));
            assertTrue(Files.notExists(LocalBench.serviceDir(env).resolve(((LocalCluster) pre).name() + "-walspool")), "spool removed");
        }
    }

    @Test
    void theStartSegmentIsReadFromTheBackupLabel() throws Exception {
        Files.writeString(dir.resolve("backup_label"), "START WAL LOCATION: 0/5000028 (file 000000010000000000000005)\nCHECKPOINT LOCATION: 0/5000060\n");
        assertEquals("000000010000000000000005", WalPrefetch.startSegment(dir));
    }

    private static void exec(DatabaseCluster c, String sql) throws Exception {
        try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(DatabaseCluster c) throws Exception {
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final class Measures implements Phases {
        final Map<String, Object> values = new HashMap<>();

        @Override
        public <T> T phase(String name, Callable<T> body) {
            return Phases.NONE.phase(name, body);
        }

        @Override
        public void note(String message) {}

        @Override
        public void measure(String name, Object value) {
            values.put(name, value);
        }
    }
}
