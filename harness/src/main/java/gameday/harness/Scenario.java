package gameday.harness;

import gameday.harness.run.ScenarioRun;

import gameday.harness.check.Expectation;
import gameday.harness.workload.Workload;
import java.time.Duration;

/**
 * A game day as data plus two steps. The runner does the rest the same way for every
 * scenario: build the environment, steady state (workload running, a base backup, archiving
 * healthy), {@link #inject}, {@link #recover}, then the checks against the history and the
 * restored state. A scenario never decides its own verdict.
 */
public interface Scenario {
    String name();

    /** One line: the failure and the procedure, as the seed's table says it. */
    String summary();

    default EnvironmentSpec environment() {
        return EnvironmentSpec.DEFAULT;
    }

    default Workload.Profile workload() {
        return Workload.Profile.DEFAULT;
    }

    /**
     * The verdict this scenario should reach. Negative controls, and scenarios that show what a
     * broken promise costs, expect {@code INVALID}: the game day passes when the verdict is the
     * expected one, so a checker that stops catching the failure turns the run red.
     */
    default gameday.harness.check.Verdict.Validity expected() {
        return gameday.harness.check.Verdict.Validity.VALID;
    }

    /** How long the workload runs after the base backup and before the fault. */
    default Duration steadyState() {
        return Duration.ofSeconds(3);
    }

    /** Inject the failure through {@link ScenarioRun#fault}. */
    void inject(ScenarioRun run) throws Exception;

    /**
     * Detect, then run the runbook's procedure until the service is writable again
     * ({@link ScenarioRun#switchover}). Returns which writes must have survived.
     */
    Expectation recover(ScenarioRun run) throws Exception;
}
