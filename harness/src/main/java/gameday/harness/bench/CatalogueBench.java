package gameday.harness.bench;

import gameday.harness.EnvironmentSpec;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalSubstrate;
import gameday.harness.run.HostLoad;
import gameday.harness.run.Runner;
import gameday.harness.run.Targets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The catalogue as {@code gameday run --all} runs it, serial and with {@code --parallel 2}, in one
 * bench run: wall time, scenarios that reached their expected verdict, and per scenario the
 * provision, steady-state and critical-path teardown times and the RTO, so that the RTO of both
 * modes can be read side by side. The golden steady state is built first and timed on its own
 * ({@code catalogue.golden.seconds}): a `gameday run --all` pays it once, at its first scenario.
 */
final class CatalogueBench {
    static final List<Integer> MODES = List.of(1, 2);
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;
    private final Supplier<List<Scenario>> catalogue;

    CatalogueBench(BenchOptions o, Recorder rec, Consumer<String> log, Supplier<List<Scenario>> catalogue) {
        this.o = o;
        this.rec = rec;
        this.log = log;
        this.catalogue = catalogue;
    }

    static String mode(int parallel) {
        return parallel == 1 ? "serial" : "parallel" + parallel;
    }

    void run() {
        log.accept("catalogue: building the golden steady state");
        rec.add("catalogue.golden.seconds", "s", LocalBench.warmGoldenSteadyState(EnvironmentSpec.DEFAULT));
        rec.note("catalogue.golden.seconds", "once per JVM: template primary, schema, base backup, archived WAL; a run --all pays it at its first scenario");
        for (int i = 1; i <= o.repeats(); i++) {
            for (int parallel : MODES) {
                String mode = mode(parallel);
                List<Scenario> scenarios = catalogue.get();
                log.accept("catalogue: " + scenarios.size() + " scenarios, " + mode + ", repeat " + i);
                String before = HostLoad.now();
                Runner runner = new Runner(new LocalSubstrate(), o.workDir().resolve("catalogue").toAbsolutePath(), Targets.load(null), Progress.SILENT)
                        .parallel(parallel);
                long t0 = System.nanoTime();
                List<ScenarioRecord> records = runner.runAll(scenarios);
                double seconds = RecoveryBench.secondsSince(t0);
                String fig = "catalogue." + mode + ".seconds";
                rec.add(fig, "s", seconds);
                rec.note(fig, "load average " + before + " -> " + HostLoad.now() + " (last repeat)");
                rec.add("catalogue." + mode + ".asExpected", "scenarios", records.stream().filter(ScenarioRecord::asExpected).count());
                for (ScenarioRecord r : records) perScenario(mode, r);
                for (ScenarioRecord r : records) if (!r.asExpected()) {
                    String why = r.name + " missed: verdict " + r.verdict + ", expected " + r.expectedVerdict + (r.error == null ? "" : ": " + r.error);
                    log.accept("catalogue: " + mode + ": " + why);
                    rec.note("catalogue." + mode + ".asExpected", why);
                }
                log.accept("catalogue: " + mode + " took " + Math.round(seconds) + " s, " + records.stream().filter(ScenarioRecord::asExpected).count()
                        + "/" + records.size() + " as expected");
            }
        }
        rec.compare("catalogue.parallel2.seconds", "catalogue.serial.seconds");
    }

    /** Phase and teardown times go into one figure per mode (a sample per scenario); the RTO into one figure per scenario. */
    private void perScenario(String mode, ScenarioRecord r) {
        for (ScenarioRecord.PhaseRecord p : r.phases) {
            if ((p.name().equals("provision") || p.name().equals("steady-state")) && p.endMs() != null)
                rec.add("catalogue." + mode + "." + (p.name().equals("provision") ? "provision" : "steadyState") + ".seconds", "s", (p.endMs() - p.startMs()) / 1000);
        }
        if (r.measurements.get("teardownCriticalPathMs") instanceof Number n) rec.add("catalogue." + mode + ".teardownCriticalPath.seconds", "s", n.doubleValue() / 1000);
        if (r.measurements.get("rtoMs") instanceof Number n) rec.add("catalogue." + mode + ".rto." + r.name + ".seconds", "s", n.doubleValue() / 1000);
    }
}
