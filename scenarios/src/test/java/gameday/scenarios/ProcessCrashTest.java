package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCrashTest {
    @TempDir
    Path runs;

    @Test
    void aRestartOnTheSameDataDirectoryLosesNoAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, new ProcessCrash());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals(0, figure(r, "rpoCount"));
        assertEquals(0, figure(r, "lostUndurable"));
        assertTrue(figure(r, "rowsRestored") > 0, "rows checked");
        assertTrue(figure(r, "objectsRestored") > 0, "objects checked");
        assertTrue(ScenarioTests.phaseNames(r).containsAll(List.of("detect", "restart", "verify", "switchover")));
        assertEquals(0, ScenarioTests.check(r, "consistency").figure("dangling").getAsLong());
    }
}
