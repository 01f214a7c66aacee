package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.EnvironmentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clone of the cached template is a working, archiving, owned primary with a password of its own. */
class ClusterTemplateTest {
    @TempDir
    Path dir;

    @Test
    void aClonedPrimaryArchivesIsOwnedAndNoLongerAcceptsTheTemplatePassword() throws Exception {
        EnvironmentSpec fromTemplate = EnvironmentSpec.DEFAULT.withGoldenSteadyState(false); // the template itself, not the golden built from it
        try (LocalEnvironment a = LocalBench.create(dir.resolve("a"), fromTemplate);
             LocalEnvironment b = LocalBench.create(dir.resolve("b"), fromTemplate)) {
            LocalCluster pa = (LocalCluster) a.primary(), pb = (LocalCluster) b.primary();
            try (var logs = Files.list(a.processes().logDir())) {
                assertTrue(logs.anyMatch(p -> p.getFileName().toString().contains("clone-template")), "the primary was cloned, not initdb'd");
            }
            String segment = pa.switchWalAndAwaitArchived(Duration.ofMinutes(1));
            assertTrue(segment.startsWith("00000001"), segment);
            pb.switchWalAndAwaitArchived(Duration.ofMinutes(1));
            String ownerA = Files.readString(pa.dataDir().resolve(OwnerMarker.MARKER)).trim();
            String ownerB = Files.readString(pb.dataDir().resolve(OwnerMarker.MARKER)).trim();
            assertNotEquals(ownerA, ownerB, "each environment marks its own data directory");
            OwnerMarker.require(pa.dataDir(), ownerA, "test the marker of");

            String templatePassword = ClusterTemplate.obtain(PgBinaries.locate(), a.processes()).password();
            for (LocalCluster c : new LocalCluster[] {pa, pb}) {
                SQLException e = assertThrows(SQLException.class, () -> connectWith(c, templatePassword), "template password on " + c.name());
                assertTrue("28P01".equals(e.getSQLState()), "authentication failure expected, got " + e.getSQLState() + " " + e.getMessage());
                try (var conn = c.connect()) {
                    assertTrue(conn.isValid(2), "the environment's own password works");
                }
            }
            // a's password must not open b: no two environments share one
            SQLException cross = assertThrows(SQLException.class, () -> connectWith(pb, passwordOf(pa)));
            assertTrue("28P01".equals(cross.getSQLState()), cross.getMessage());
        }
    }

    private static void connectWith(LocalCluster c, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        DriverManager.getConnection(c.jdbcUrl(), p).close();
    }

    /** The password is private to the cluster; the test reads it the way the cluster itself uses it. */
    private static String passwordOf(LocalCluster c) throws Exception {
        var f = LocalCluster.class.getDeclaredField("password");
        f.setAccessible(true);
        return (String) f.get(c);
    }
}
