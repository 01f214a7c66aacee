package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.Fault;
import gameday.harness.Scenario;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth of the RPO figure, checked from outside the harness's checker: this test writes its
 * own rows over JDBC, keeps its own list of what was acknowledged, destroys the primary while it
 * writes, and after the full rebuild counts by itself which acknowledged rows are gone. The
 * harness's RPO count must be exactly that number.
 */
class IndependentRpoTest {
    @TempDir
    Path runs;

    /** Total loss while only this test's writer runs; everything the workload wrote before is archived first. */
    static final class ProbedTotalLoss implements Scenario {
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        volatile int lostByOwnCount = -1;
        private long archivedUpTo;

        public Info info() {
            return Info.of("cluster-destroyed", "total loss while an independent writer runs; RPO counted by the test itself",
                    "a test of the RPO checker against an independent count", Fault.DESTROY);
        }

        public void inject(ScenarioRun run) throws Exception {
            DatabaseCluster primary = run.env().primary();
            run.workload().pause(Duration.ofSeconds(30));
            archivedUpTo = run.clock().now();
            primary.switchWalAndAwaitArchived(Duration.ofSeconds(120)); // the workload's writes are all safe now
            Thread writer = new Thread(() -> write(run, primary), "independent-writer");
            writer.start();
            Awaitility.await("50 rows acknowledged to the independent writer").atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 50);
            run.fault("kill -9 the primary and delete its data directory", () -> run.faults().destroy(primary));
            writer.join(Duration.ofSeconds(30).toMillis());
        }

        /** Inserts until the server is gone; an insert counts only once the commit came back. */
        private void write(ScenarioRun run, DatabaseCluster primary) {
            try (Connection c = primary.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO events(id, client, seq) VALUES (?, -1, ?)")) {
                for (int i = 0; ; i++) {
                    String id = "probe-" + i;
                    long op = run.history().invoke("row", id); // the harness sees the same writes
                    ps.setString(1, id);
                    ps.setLong(2, i);
                    ps.executeUpdate();
                    acknowledged.add(id);
                    run.history().ok(op);
                }
            } catch (Exception serverGone) {
                // the fault: the last insert's outcome is unknown, as for any client
            }
        }

        public Expectation recover(ScenarioRun run) throws Exception {
            run.detect("the primary refuses connections", Duration.ofSeconds(30), () -> Runbook.unreachable(run.env().primary()));
            DatabaseCluster rebuilt = Runbook.fullRebuild(run);
            Set<String> present = new HashSet<>();
            try (Connection c = rebuilt.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM events WHERE id LIKE 'probe-%'")) {
                while (rs.next()) present.add(rs.getString(1));
            }
            lostByOwnCount = (int) acknowledged.stream().filter(id -> !present.contains(id)).count();
            return Expectation.latest(run.faultAt(), run.resumedAt()).durableUpTo(archivedUpTo);
        }
    }

    @Test
    void theHarnessRpoCountEqualsTheTestsOwnCount() {
        ProbedTotalLoss scenario = new ProbedTotalLoss();
        ScenarioRecord r = ScenarioTests.run(runs, scenario);
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertTrue(scenario.lostByOwnCount > 0, "the unarchived tail should be lost, or this test proves little: " + scenario.lostByOwnCount);
        assertEquals(scenario.lostByOwnCount, ScenarioTests.figure(r, "rpoCount"), "harness RPO vs the test's own count");
    }
}
