package gameday.scenarios;

import gameday.harness.GameDay;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.Targets;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalSubstrate;
import java.nio.file.Path;
import java.util.List;

/** Runs one scenario for real on the local substrate, the way `gameday run` does, for a test to assert on. */
final class ScenarioTests {
    private ScenarioTests() {}

    static ScenarioRecord run(Path runsDir, Scenario scenario) {
        return run(runsDir, scenario, Targets.load(null));
    }

    /** With other targets than the fixture's, e.g. a deliberately missed one. */
    static ScenarioRecord run(Path runsDir, Scenario scenario, java.util.Map<String, Targets> targets) {
        GameDay gd = new GameDay(new LocalSubstrate(), runsDir, targets, Progress.SILENT);
        return gd.runAll(List.of(scenario)).get(0);
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
