package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.check;
import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcGraceTest {
    @TempDir
    Path runs;

    /** Negative control: grace shorter than the restore distance. */
    @Test
    void aTooEagerCollectorLeavesDanglingReferencesAfterPitr() {
        ScenarioRecord r = ScenarioTests.run(runs, GcGrace.tooEager());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("invalid", r.verdict);
        assertTrue(figure(r, "bytesCollected") > 0);
        assertTrue(check(r, "consistency").figure("dangling").getAsLong() > 0, () -> "checks: " + r.checks);
        assertEquals(0, figure(r, "rpoCount"), "the PITR itself lost nothing");
    }

    @Test
    void aGraceLongerThanTheRestoreDistanceKeepsThePitrConsistent() {
        ScenarioRecord r = ScenarioTests.run(runs, GcGrace.safe());
        ScenarioTests.assertRecovered(r, "detect", "fence", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
    }
}
