package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.run.Runner;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.Targets;
import gameday.harness.check.Expectation;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recovery that never finishes is a failed scenario naming the phase that hung, and the game day goes on. */
class HungRecoveryTest {
    @TempDir
    Path runs;

    /** Its "replay" waits for a recovery point that never comes, within a short timeout. */
    static final class NeverRecovers implements Scenario {
        public Info info() {
            return Info.of("never-recovers", "a recovery whose replay never reaches its target", "a test of the runner: a hung phase");
        }

        public void inject(ScenarioRun run) throws Exception {
            run.fault("nothing, really", () -> { });
        }

        public Expectation recover(ScenarioRun run) {
            run.phase("replay-wal", () -> Awaitility.await("a recovery target that never comes").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(100)).until(() -> false));
            throw new AssertionError("unreachable: the phase above times out");
        }
    }

    @Test
    void theHungScenarioFailsAtItsPhaseAndTheNextOneRuns() {
        Runner gd = new Runner(new LocalSubstrate(), runs, Targets.load(null), Progress.SILENT);
        List<ScenarioRecord> results = gd.runAll(List.of(new NeverRecovers(), new DropTable()));
        ScenarioRecord hung = results.get(0);
        assertEquals("failed", hung.status);
        assertEquals("invalid", hung.verdict);
        assertTrue(hung.error.startsWith("phase replay-wal failed"), hung.error);
        assertTrue(hung.error.contains("a recovery target that never comes"), hung.error);
        assertEquals("valid", results.get(1).verdict, () -> "the next scenario still runs: " + results.get(1).error);
        assertEquals("completed", gd.journal().status);
    }
}
