package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.GameDay;
import gameday.harness.Progress;
import gameday.harness.Targets;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropTableTest {
    @TempDir
    Path runs;

    private ScenarioRecord run(DropTable scenario) {
        GameDay gd = new GameDay(new LocalSubstrate(), runs, Targets.load(null), Progress.SILENT);
        return gd.runAll(java.util.List.of(scenario)).get(0);
    }

    @Test
    void pitrToJustBeforeTheDropRestoresEveryAcknowledgedWrite() {
        ScenarioRecord r = run(new DropTable());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals(0L, ((Number) r.measurements.get("rpoCount")).longValue());
        assertTrue(((Number) r.measurements.get("rowsRestored")).longValue() > 0, "rows restored");
        assertTrue(((Number) r.measurements.get("objectsRestored")).longValue() > 0, "objects restored");
        assertTrue(r.phases.stream().map(p -> p.name()).toList().containsAll(
                java.util.List.of("detect", "fence", "restore-base", "replay-wal", "promote", "verify", "switchover")));
    }
}
