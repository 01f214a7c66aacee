package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCorruptionTest {
    @TempDir
    Path runs;

    @Test
    void aChecksumFailureIsDetectedAndTheDamagedRowsComeBackFromBackupAndWal() {
        ScenarioRecord r = ScenarioTests.run(runs, new DataCorruption());
        ScenarioTests.assertRecovered(r, "detect", "fence", "flush-wal", "restore-base", "replay-wal", "verify", "verify-damaged-rows", "switchover");
        assertTrue(figure(r, "corruptRows") > 0, "rows on the damaged page");
        assertEquals(figure(r, "corruptRows"), figure(r, "corruptRowsRestored"), "every damaged row back intact");
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(r.events.stream().anyMatch(e -> e.message().startsWith("detected: ") && e.message().contains("invalid page")),
                () -> "the checksum error is what detected it: " + r.events);
        assertEquals(0, ScenarioTests.check(r, "consistency").figure("corrupt").getAsLong());
    }
}
