package gameday.scenarios;

import gameday.harness.run.Runner;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.run.Targets;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import gameday.reports.AllureReport;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Runs one scenario for real on the local substrate, the way `gameday run` does, for a test to assert on. */
final class ScenarioTests {
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
        String keep = System.getProperty("gameday.test.runs");
        if (keep != null) runsDir = Path.of(keep);
        Runner gd = new Runner(new LocalSubstrate(), runsDir, targets, Progress.SILENT);
        ScenarioRecord r = gd.runAll(List.of(scenario)).get(0);
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

    static long figure(ScenarioRecord r, String name) {
        Object v = r.measurements.get(name);
        if (!(v instanceof Number n)) throw new AssertionError("no measurement '" + name + "' in " + r.measurements.keySet() + "; error: " + r.error);
        return n.longValue();
    }

    static gameday.harness.check.Verdict check(ScenarioRecord r, String checker) {
        return r.checks.stream().filter(c -> c.checker().equals(checker)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + checker + " check; error: " + r.error));
    }

    static List<String> phaseNames(ScenarioRecord r) {
        return r.phases.stream().map(ScenarioRecord.PhaseRecord::name).toList();
    }
}
