package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.run.Runner;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.run.Targets;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import gameday.reports.AllureReport;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Runs one scenario for real on the local substrate, the way `gameday run` does, for a test to assert on. */
final class ScenarioTests {
    /** Where each record's run went, for tests that read its history file. */
    private static final Map<ScenarioRecord, Path> RUN_DIRS = Collections.synchronizedMap(new IdentityHashMap<>());

    private ScenarioTests() {}

    /**
     * Runs the scenario and reports it to Allure as the CLI's allure-results do: each phase a
     * step, the journal, history and process logs as attachments of the running test.
     * -Dgameday.test.runs=DIR keeps the run directories (journal, logs) for a look after the test.
     */
    static ScenarioRecord run(Path runsDir, Scenario scenario) {
        return run(runsDir, scenario, Targets.load(null));
    }

    /** With other targets than the fixture's, e.g. a deliberately missed one. */
    static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets) {
        return run(runsDir, scenario, targets, new LocalSubstrate());
    }

    /** On another substrate (the k3s game days). */
    static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets, gameday.harness.Substrate substrate) {
        return run(runsDir, scenario, targets, substrate, r -> r);
    }

    /** With the harness's clock from {@code clocks}, e.g. one skewed against the server's. */
    static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets,
                              java.util.function.Supplier<gameday.harness.run.RunClock> clocks) {
        return run(runsDir, scenario, targets, r -> r.withClock(clocks));
    }

    /** With the runner set up by {@code setup}, e.g. with a team's recovery command. */
    static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets, java.util.function.UnaryOperator<Runner> setup) {
        return run(runsDir, scenario, targets, new LocalSubstrate(), setup);
    }

    private static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets, gameday.harness.Substrate substrate,
                                      java.util.function.UnaryOperator<Runner> setup) {
        String keep = System.getProperty("gameday.test.runs");
        if (keep != null) runsDir = Path.of(keep);
        Runner gd = setup.apply(new Runner(substrate, runsDir, targets, Progress.SILENT));
        ScenarioRecord r = gd.runAll(List.of(scenario)).get(0);
        RUN_DIRS.put(r, gd.runDir());
        // one line per run in the test's output (surefire keeps it in its XML report): the figures of the note
        System.out.println("gameday-summary " + r.name + " verdict=" + r.verdict + " wallMs="
                + java.time.Duration.between(r.started, r.finished).toMillis() + " " + r.measurements + " consistency="
                + r.checks.stream().filter(c -> c.checker().equals("consistency")).map(c -> c.figures().get("rows") + " rows/" + c.figures().get("objects")
                        + " objects/" + c.figures().get("dangling") + " dangling/" + c.figures().get("corrupt") + " corrupt").findFirst().orElse("-"));
        Allure.getLifecycle().updateTestCase(t -> t.getSteps().addAll(AllureReport.steps(r)));
        for (AllureReport.Attach a : AllureReport.attachments(gd.runDir(), r)) {
            try {
                Allure.addAttachment(a.name(), a.type(), a.stream(), a.ext());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot attach " + a.file(), e);
            }
        }
        return r;
    }

    /**
     * What every recovery that keeps its promise shows: the procedure ran to the end with a valid
     * verdict, the recovered service held rows and objects when it was verified, no row references a
     * missing object, and the runbook's {@code phases} ran.
     */
    static void assertRecovered(ScenarioRecord r, String... phases) {
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertTrue(figure(r, "rowsRestored") > 0, "rows restored");
        assertTrue(figure(r, "objectsRestored") > 0, "objects restored");
        assertEquals(0, check(r, "consistency").figure("dangling").getAsLong(), "no row references a missing object");
        assertTrue(phaseNames(r).containsAll(List.of(phases)), () -> "phases " + phaseNames(r) + " should include " + List.of(phases));
    }

    /** The run's history as the clients wrote it, read back from history.jsonl (not from the harness's memory). */
    static List<Op> history(ScenarioRecord r) {
        Path file = RUN_DIRS.get(r).resolve(r.name).resolve("history.jsonl");
        try {
            return History.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static long figure(ScenarioRecord r, String name) {
        Object v = r.measurements.get(name);
        if (!(v instanceof Number n)) throw new AssertionError("no measurement '" + name + "' in " + r.measurements.keySet() + "; error: " + r.error);
        return n.longValue();
    }

    static gameday.harness.check.Verdict check(ScenarioRecord r, String checker) {
        return r.checks.stream().filter(c -> c.checker().equals(checker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + checker + " check; error: " + r.error));
    }

    /** The directory of the run that produced {@code r}. */
    static Path runDir(ScenarioRecord r) {
        return RUN_DIRS.get(r);
    }

    static List<String> phaseNames(ScenarioRecord r) {
        return r.phases.stream().map(ScenarioRecord.PhaseRecord::name).toList();
    }
}
