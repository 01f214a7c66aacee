package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropTableTest {
    @TempDir
    Path runs;

    @Test
    void pitrToJustBeforeTheDropRestoresEveryAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, new DropTable());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(figure(r, "rowsRestored") > 0, "rows restored");
        assertTrue(figure(r, "objectsRestored") > 0, "objects restored");
        assertTrue(figure(r, "rtoMs") > 0, "RTO measured");
        assertTrue(ScenarioTests.phaseNames(r).containsAll(
                List.of("detect", "fence", "flush-wal", "restore-base", "replay-wal", "promote", "verify", "switchover")));
        long dangling = r.checks.stream().filter(c -> c.checker().equals("consistency")).findFirst().orElseThrow().figure("dangling");
        assertEquals(0, dangling);
    }

    /** Negative control: a target after the drop replays the drop, and the runbook's verification must catch it. */
    @Test
    void aTargetAfterTheDropFailsVerification() {
        ScenarioRecord r = ScenarioTests.run(runs, new DropTable(Duration.ofMillis(200)));
        assertEquals("invalid", r.verdict);
        assertEquals("failed", r.status);
        assertTrue(r.error.contains("table objects is missing"), r.error);
    }
}
