package gameday.harness;

import gameday.harness.run.ScenarioRun;

import gameday.harness.check.Expectation;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.workload.Workload;
import java.time.Duration;
import java.util.Set;

/**
 * A game day as data plus two steps. The runner does the rest the same way for every
 * scenario: build the environment, steady state (workload running, a base backup, archiving
 * healthy), {@link #inject}, {@link #recover}, then the checks against the history and the
 * restored state. A scenario never decides its own verdict.
 */
public interface Scenario {
    /** What the scenario is, for the catalogue, the journal and the substrate check. */
    Info info();

    default EnvironmentSpec environment() {
        return EnvironmentSpec.DEFAULT;
    }

    /** Which runbook procedure {@link #recover} follows: what a dry run plans after the fault. */
    default Procedure procedure() {
        return Procedure.NONE;
    }

    default Workload.Profile workload() {
        return Workload.Profile.DEFAULT;
    }

    /** How long the workload runs after the base backup and before the fault. */
    default Duration steadyState() {
        return Duration.ofSeconds(3);
    }

    /** Inject the failure through {@link ScenarioRun#fault} and {@link ScenarioRun#faults}. */
    void inject(ScenarioRun run) throws Exception;

    /**
     * Detect, then run the runbook's procedure until the service is writable again
     * ({@link ScenarioRun#switchover}). Returns which writes must have survived.
     */
    Expectation recover(ScenarioRun run) throws Exception;

    /**
     * A scenario's metadata.
     *
     * @param name     its name on the command line and in the journal
     * @param summary  one line: the failure and the procedure
     * @param source   the failure mode of the DR design it comes from (see docs/catalogue.md)
     * @param expected the verdict it should reach. Negative controls, and scenarios that show what a
     *                 broken promise costs, expect {@code INVALID}: the game day passes when the verdict
     *                 is the expected one, so a checker that stops catching the failure turns the run red
     * @param faults   the faults it injects; a substrate that lacks one cannot run it
     * @param needs    what its environment must have beyond a primary archiving to an object store
     */
    record Info(String name, String summary, String source, Validity expected, Set<Fault> faults, Set<Capability> needs) {
        public Info {
            faults = Set.copyOf(faults);
            needs = Set.copyOf(needs);
        }

        /** A scenario that expects a valid verdict and needs no capability. */
        public static Info of(String name, String summary, String source, Fault... faults) {
            return new Info(name, summary, source, Validity.VALID, Set.of(faults), Set.of());
        }

        public Info expecting(Validity v) {
            return new Info(name, summary, source, v, faults, needs);
        }

        public Info needing(Capability... c) {
            return new Info(name, summary, source, expected, faults, Set.of(c));
        }
    }
}
