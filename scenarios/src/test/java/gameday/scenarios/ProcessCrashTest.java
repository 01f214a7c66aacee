package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCrashTest {
    @TempDir
    Path runs;

    @Test
    void aRestartOnTheSameDataDirectoryLosesNoAcknowledgedWrite() {
        ScenarioRecord r = ScenarioTests.run(runs, new ProcessCrash());
        ScenarioTests.assertRecovered(r, "detect", "restart", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
        assertEquals(0, figure(r, "lostUndurable"));
    }
}
