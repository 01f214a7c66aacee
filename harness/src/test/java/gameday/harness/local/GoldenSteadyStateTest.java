package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Phases;
import gameday.harness.run.RunClock;
import gameday.harness.wait.Wait;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import gameday.harness.workload.Workload;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments cloned from the golden steady state are apart (marker, password, port, endpoint,
 * bucket), and the cloned base backup is a real one: barman-cloud-restore and
 * barman-cloud-wal-restore (sequential fetch, the stock tools only) bring back every write the
 * clone acknowledged.
 */
class GoldenSteadyStateTest {
    @TempDir
    Path dir;

    @Test
    void clonesAreApartAndTheClonedBackupRestoresEveryAcknowledgedWrite() throws Exception {
        EnvironmentSpec stockTools = EnvironmentSpec.DEFAULT.withWalMaxParallel(1);
        try (LocalEnvironment a = LocalBench.create(dir.resolve("a"), stockTools);
             LocalEnvironment b = LocalBench.create(dir.resolve("b"), EnvironmentSpec.DEFAULT)) {
            String backup = a.clonedBaseBackup().orElseThrow(() -> new AssertionError("a was not cloned from the golden steady state"));
            assertEquals(backup, b.clonedBaseBackup().orElseThrow(), "both clones carry the golden's base backup");
            Map<?, ?> steady = (Map<?, ?>) a.facts().get("steadyState");
            assertEquals(true, steady.get("cloned"), "the journal's facts say the steady state was cloned");
            assertEquals(steady.get("from"), ((Map<?, ?>) b.facts().get("steadyState")).get("from"), "and from which golden");

            LocalCluster pa = (LocalCluster) a.primary(), pb = (LocalCluster) b.primary();
            assertEquals(a.runId(), Files.readString(pa.dataDir().resolve(OwnerMarker.MARKER)).trim(), "a's marker names a's run");
            assertEquals(b.runId(), Files.readString(pb.dataDir().resolve(OwnerMarker.MARKER)).trim(), "b's marker names b's run");
            assertNotEquals(pa.port(), pb.port());
            assertTrue(Files.readString(pa.dataDir().resolve("gameday.conf")).contains(a.objectStore().url()), "a archives to its own S3 server");
            String golden = GoldenSteadyState.obtain(EnvironmentSpec.DEFAULT).primary().password();
            for (LocalCluster c : List.of(pa, pb)) assertEquals("28P01", sqlState(() -> connectWith(c, golden)), "golden password on " + c.name());
            assertEquals("28P01", sqlState(() -> connectWith(pb, a.dbPassword())), "a's password does not open b");
            String backupId = GoldenSteadyState.obtain(EnvironmentSpec.DEFAULT).backupId();
            for (LocalEnvironment e : List.of(a, b))
                assertTrue(keys(e, "pg-main/base/" + backupId + "/").stream().anyMatch(k -> k.endsWith("/backup.info")), "backup.info in " + e.name());

            // the golden is not shared state: a write in a reaches neither b nor b's bucket
            History h = new History(dir.resolve("history.jsonl"), new RunClock());
            try (Workload w = new Workload(a.endpoint(), a.objectStore(), h, Workload.Profile.DEFAULT)) {
                w.start();
                Wait.forThe("100 acknowledged writes on the clone").atMost(Duration.ofMinutes(2))
                        .until(() -> h.ops().stream().filter(Op::ok).count() >= 100);
                w.stop();
            }
            h.close();
            pa.switchWalAndAwaitArchived(Duration.ofMinutes(1));
            assertEquals(0, count(pb, "SELECT count(*) FROM events") + count(pb, "SELECT count(*) FROM objects"), "b saw none of a's writes");

            List<String> notes = new ArrayList<>();
            DatabaseCluster restored = a.recovery().latest(recording(notes));
            assertTrue(notes.stream().anyMatch(n -> n.contains("restoring base backup " + backupId)), "the cloned base backup was restored: " + notes);
            Set<String> rows = ids(restored, "SELECT id FROM events"), objects = ids(restored, "SELECT key FROM objects");
            for (Op op : h.ops()) {
                if (!op.ok()) continue;
                assertTrue((op.f().equals("row") ? rows : objects).contains(op.key()), "acknowledged " + op.ref() + " restored");
            }
            assertEquals(count(pa, "SELECT count(*) FROM events"), rows.size(), "restored rows match the clone's");
            assertTrue(rows.size() + objects.size() >= 100);
        }
    }

    private static Phases recording(List<String> notes) {
        return new Phases() {
            @Override
            public <T> T phase(String name, Callable<T> body) {
                return Phases.NONE.phase(name, body);
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }

            @Override
            public void measure(String name, Object value) {}
        };
    }

    private static List<String> keys(LocalEnvironment e, String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        var store = e.objectStore();
        for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket(store.backupBucket()).prefix(prefix).recursive(true).build()))
            out.add(r.get().objectName());
        return out;
    }

    private static long count(DatabaseCluster c, String sql) throws SQLException {
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> ids(DatabaseCluster c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static String sqlState(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(SQLException.class, e).getSQLState();
    }

    private static void connectWith(LocalCluster c, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        DriverManager.getConnection(c.jdbcUrl(), p).close();
    }
}
