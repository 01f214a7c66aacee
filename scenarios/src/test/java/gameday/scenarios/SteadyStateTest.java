package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.check.Expectation;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import gameday.harness.run.Runner;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.Targets;
import gameday.harness.workload.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chaos Toolkit's rule: when the steady state does not hold, the run stops before the fault. */
class SteadyStateTest {
    @TempDir
    Path runs;

    /** Its workload has no clients, so no write is ever acknowledged; its fault only records that it ran. */
    static final class NothingAcknowledged implements Scenario {
        final AtomicBoolean injected = new AtomicBoolean();

        @Override
        public Info info() {
            return Info.of("nothing-acknowledged", "a workload that acknowledges no write", "test: a steady state that cannot hold");
        }

        @Override
        public Workload.Profile workload() {
            return new Workload.Profile(0, 200, 0.5, 256, 8192);
        }

        public void inject(ScenarioRun run) throws Exception {
            injected.set(true);
            run.fault("nothing, really", () -> { });
        }

        public Expectation recover(ScenarioRun run) {
            throw new AssertionError("unreachable: no fault, no recovery");
        }
    }

    @Test
    void aSteadyStateThatDoesNotHoldAbortsTheScenarioWithoutAFault() {
        NothingAcknowledged scenario = new NothingAcknowledged();
        Runner runner = new Runner(new LocalSubstrate(), runs, Targets.load(null), Progress.SILENT);
        ScenarioRecord r = runner.runAll(List.of(scenario)).get(0);
        assertEquals("failed", r.status);
        assertTrue(r.error.contains("steady state not reached (acknowledgements keep flowing"), r.error);
        assertFalse(scenario.injected.get(), "inject() ran although the steady state did not hold");
        assertNull(r.faultAtMs, "a fault instant was recorded");
        ScenarioRecord.PhaseRecord last = r.phases.get(r.phases.size() - 1);
        assertEquals("steady-state", last.name());
        assertEquals("failed", last.status());
        assertEquals("invalid", r.verdict);
    }
}
