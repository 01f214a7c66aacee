package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimaryFailoverTest {
    @TempDir
    Path runs;

    /** Asynchronous: the RPO is measured and reported; only commits not yet streamed may be missing. */
    @Test
    void asynchronousStandbyIsPromotedAndTheLossIsBoundedByWhatWasStreamed() {
        ScenarioRecord r = ScenarioTests.run(runs, PrimaryFailover.async());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals("async", r.measurements.get("replication"));
        assertEquals(figure(r, "lostUndurable"), figure(r, "rpoCount"), "only unstreamed commits may be lost");
        assertTrue(figure(r, "standbyLagBytes") >= 0, "standby lag measured");
        assertTrue(figure(r, "rowsRestored") > 0 && figure(r, "objectsRestored") > 0);
        assertTrue(ScenarioTests.phaseNames(r).containsAll(List.of("detect", "promote", "verify", "switchover")));
    }

    @Test
    void synchronousStandbyIsPromotedWithoutLosingAnAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, PrimaryFailover.sync());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals("sync", r.measurements.get("replication"));
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(figure(r, "rowsRestored") > 0 && figure(r, "objectsRestored") > 0);
        assertEquals(0, ScenarioTests.check(r, "consistency").figure("dangling").getAsLong());
    }
}
