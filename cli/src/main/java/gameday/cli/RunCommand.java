package gameday.cli;

import gameday.harness.run.Runner;
import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import gameday.harness.Substrate;
import gameday.harness.run.Targets;
import gameday.harness.journal.ScenarioRecord;
import gameday.reports.Reports;
import gameday.reports.TextSummary;
import gameday.scenarios.Catalogue;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one scenario (or --all) in fresh environments and print the verdicts.")
final class RunCommand implements Callable<Integer> {
    static final class Which {
        @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario name(s), see 'gameday list'.")
        List<String> names;

        @Option(names = "--all", required = true, description = "Run the whole catalogue, one scenario after another.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}, in the current directory).")
    Path runsDir;

    @Option(names = "--targets", description = "A targets YAML file instead of the built-in fixtures/targets.yaml.")
    Path targetsFile;

    @picocli.CommandLine.Mixin
    SubstrateOptions where;

    @Option(names = "--history", paramLabel = "DIR", description = "Earlier runs for the RTO/RPO trend (default: the runs directory).")
    Path history;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Run N scenarios at once, each in its own environment (default: ${DEFAULT-VALUE}). RTO measured beside other game days "
                    + "is not the serial figure: the journal and the reports record N and the load average.")
    int parallel;

    @picocli.CommandLine.Mixin
    BackupOptions backup;

    @Option(names = "--no-reports", description = "Do not write report.html, report.md, junit.xml and allure-results/ into the run directory.")
    boolean noReports;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (parallel < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be 1 or more, was " + parallel);
        var environments = backup.override(spec);
        List<Scenario> scenarios = which.all ? Catalogue.all() : which.names.stream().map(Catalogue::byName).toList();
        scenarios = runnable(scenarios);
        var targets = Targets.load(targetsFile);
        if (where.dryRun) {
            var plan = new gameday.harness.k8s.K8sSubstrate(where.k8s());
            for (Scenario sc : scenarios) {
                System.out.println("# scenario " + sc.info().name() + ": " + sc.info().summary());
                System.out.println(plan.planPitr("dry-run", sc.environment(), sc.info().summary(), java.time.Instant.now()).render());
            }
            return Main.OK;
        }
        Substrate s = where.substrate();
        Runner gd = new Runner(s, runsDir, targets, new ConsoleProgress(System.err)).parallel(parallel).environments(environments);
        System.err.println("run directory: " + gd.runDir());
        List<ScenarioRecord> results = gd.runAll(scenarios);
        System.out.print(TextSummary.render(gd.journal()));
        System.out.println("journal: " + gd.journal().file());
        if (!noReports) System.out.println("report: " + Reports.write(gd.journal(), history, null).html());
        return results.stream().allMatch(ScenarioRecord::asExpected) ? Main.OK : Main.MISSED;
    }

    /**
     * Refuses a named scenario the substrate cannot run, from the substrate's name alone: before a
     * run directory, an environment or a k3s container exists. {@code --all} runs what it can and
     * says what it leaves out.
     */
    private List<Scenario> runnable(List<Scenario> scenarios) {
        Substrate.Support support = SubstrateOptions.support(where.substrate);
        if (!which.all) {
            for (Scenario sc : scenarios) support.refusal(sc.info(), where.substrate).ifPresent(why -> {
                throw new GameDayException(why + " (see 'gameday list --substrate " + where.substrate + "')");
            });
            return scenarios;
        }
        List<String> left = scenarios.stream().filter(sc -> !support.lacks(sc.info()).isEmpty()).map(sc -> sc.info().name()).toList();
        if (!left.isEmpty())
            System.err.println("leaving out " + String.join(", ", left) + ": " + where.substrate + " cannot run them (see 'gameday list --substrate "
                    + where.substrate + "')");
        return scenarios.stream().filter(sc -> support.lacks(sc.info()).isEmpty()).toList();
    }
}
