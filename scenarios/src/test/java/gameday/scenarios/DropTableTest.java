package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Scenario;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import gameday.harness.journal.ScenarioRecord;
import io.minio.ListObjectsArgs;
import io.minio.RemoveObjectArgs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropTableTest {
    @TempDir
    Path runs;

    @Test
    void pitrToJustBeforeTheDropRestoresEveryAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, new DropTable());
        ScenarioTests.assertRecovered(r, "detect", "fence", "flush-wal", "restore-base", "replay-wal", "promote", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(figure(r, "rtoMs") > 0, "RTO measured");
        assertPhasesTileTheRto(r);
    }

    /**
     * The recovery target comes from the server's clock (issue 13, defect 5): with the harness's
     * clock 30 s ahead of the server's, a target taken from it would lie 30 s after the DROP, the
     * restore would replay the DROP and verification would fail. The journal shows the skew was real.
     */
    @Test
    void aHarnessClockAheadOfTheServerStillRestoresToBeforeTheDrop() {
        ScenarioRecord r = ScenarioTests.run(runs, new DropTable(), gameday.harness.run.Targets.load(null),
                () -> gameday.harness.run.RunClock.skewed(Duration.ofSeconds(30)));
        assertTrue(figure(r, "harnessClockAheadMs") >= 29_000, "the harness clock was 30 s ahead: " + r.measurements.get("harnessClockAheadMs"));
        ScenarioTests.assertRecovered(r, "flush-wal", "restore-base", "replay-wal", "promote", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
    }

    /** The RTO phases are monotonic and add up to the RTO within the clock's resolution (1 ms in the journal). */
    static void assertPhasesTileTheRto(ScenarioRecord r) {
        double sum = 0, previousEnd = r.faultAtMs;
        for (ScenarioRecord.PhaseRecord p : r.phases) {
            if (p.startMs() < r.faultAtMs || p.name().equals("post-recovery-writes") || p.name().equals("check")) continue;
            assertTrue(p.startMs() >= previousEnd - 0.001 && p.endMs() >= p.startMs(), "phase " + p.name() + " is out of order");
            sum += p.endMs() - p.startMs();
            previousEnd = p.endMs();
        }
        assertEquals(r.restoredAtMs - r.faultAtMs, sum, 1.0, "phases add up to the RTO");
        assertEquals(figure(r, "rtoMs"), sum, 1.0);
    }

    /** Negative control: a target after the drop replays the drop, and the runbook's verification must catch it. */
    @Test
    void aTargetAfterTheDropFailsVerification() {
        ScenarioRecord r = ScenarioTests.run(runs, new DropTable(Duration.ofMillis(200)));
        assertEquals("invalid", r.verdict);
        assertEquals("failed", r.status);
        assertTrue(r.error.contains("table objects is missing"), r.error);
    }

    /** Negative control: the archived WAL is lost before the restore, so the PITR cannot reach its target. */
    @Test
    void lostWalSegmentsFailTheRecovery() {
        DropTable drop = new DropTable();
        Scenario lostWal = new Scenario() {
            public Info info() {
                Info i = drop.info();
                return new Info(i.name(), i.summary() + ", with the archived WAL deleted", i.source(), i.expected(), i.faults(), i.needs());
            }

            public void inject(ScenarioRun run) throws Exception {
                drop.inject(run);
            }

            public Expectation recover(ScenarioRun run) throws Exception {
                var store = run.env().objectStore();
                String prefix = run.env().primary().serverName() + "/wals/";
                for (var item : store.client().listObjects(ListObjectsArgs.builder().bucket(store.backupBucket()).prefix(prefix).recursive(true).build()))
                    store.client().removeObject(RemoveObjectArgs.builder().bucket(store.backupBucket()).object(item.get().objectName()).build());
                run.note("deleted every archived WAL segment under " + prefix);
                return drop.recover(run);
            }
        };
        ScenarioRecord r = ScenarioTests.run(runs, lostWal);
        assertEquals("invalid", r.verdict);
        assertEquals("failed", r.status);
        assertTrue(r.error.contains("pg-main-recovered-1"), r.error);
        assertEquals("replay-wal", r.lastPhase(), "the phase that failed");
    }
}
