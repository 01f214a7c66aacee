package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimaryFailoverTest {
    @TempDir
    Path runs;

    /** Asynchronous: the RPO is measured and reported; only commits not yet streamed may be missing. */
    @Test
    void asynchronousStandbyIsPromotedAndTheLossIsBoundedByWhatWasStreamed() {
        ScenarioRecord r = ScenarioTests.run(runs, PrimaryFailover.async());
        ScenarioTests.assertRecovered(r, "detect", "promote", "verify", "switchover");
        assertEquals("async", r.measurements.get("replication"));
        assertEquals(figure(r, "lostUndurable"), figure(r, "rpoCount"), "only unstreamed commits may be lost");
        assertTrue(figure(r, "standbyLagBytes") >= 0, "standby lag measured");
    }

    @Test
    void synchronousStandbyIsPromotedWithoutLosingAnAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, PrimaryFailover.sync());
        ScenarioTests.assertRecovered(r, "detect", "promote", "verify", "switchover");
        assertEquals("sync", r.measurements.get("replication"));
        assertEquals(0, figure(r, "rpoCount"));
    }
}
