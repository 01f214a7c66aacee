package gameday.cli;

import gameday.harness.run.RecoveryCommand;
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

    @Option(names = "--recovery-command", paramLabel = "CMD", description = {
            "Run the team's runbook instead of the built-in recovery of a restore scenario (pitr, latest, full-rebuild). "
                    + "Placeholders, each replaced by a quoted word: {mode} (pitr, latest or full-rebuild), {targetTime} (RFC 3339, "
                    + "from the server's clock; empty unless pitr), {switchoverFile}. The command must point the service at what it "
                    + "recovered (local: write host:port to $GAMEDAY_SWITCHOVER_FILE), or the game day is invalid. It runs with sh in the "
                    + "current directory, in its own process group, as the PostgreSQL service user when gameday runs as root; "
                    + "its environment and contract are in the README ('Your own runbook')."})
    String recoveryCommand;

    @Option(names = "--recovery-timeout", paramLabel = "DURATION", description = "How long --recovery-command may run, e.g. 90s or 20m "
            + "(default: the scenario's RTO target x 2, 1h without one); then its process group is killed and the game day is invalid.")
    String recoveryTimeout;

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
        if (where.isLocal() && where.clusterManifest != null) throw new GameDayException("--cluster-manifest applies to --substrate k3s or kubernetes, not local");
        if (parallel < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be 1 or more, was " + parallel);
        var environments = backup.override(spec);
        List<Scenario> scenarios = which.all ? Catalogue.all() : which.names.stream().map(Catalogue::byName).toList();
        scenarios = runnable(scenarios);
        // one scenario would pay for the whole golden (a primary, a base backup, a clone) to skip one base backup: drop-table 41 s -> 34.5 s here
        if (scenarios.size() == 1) environments = environments.andThen(e -> e.withGoldenSteadyState(false))::apply;
        var targets = Targets.load(targetsFile);
        RecoveryCommand.Spec command = recoveryCommand();
        if (where.dryRun) {
            if (where.isLocal()) throw new GameDayException("--dry-run applies to --substrate k3s or kubernetes");
            var plan = where.k8sSubstrate();
            for (Scenario sc : scenarios) {
                System.out.println("# scenario " + sc.info().name() + ": " + sc.info().summary());
                plan.teamCluster("dry-run", sc.info().name(), sc.environment()).ifPresent(rw -> System.out.print(rw.describe(where.clusterManifest)));
                if (command != null) System.out.println("# recovery: --recovery-command " + command.template());
                System.out.println(plan.planScenario("dry-run", sc, java.time.Instant.now()).render());
            }
            return Main.OK;
        }
        Substrate s = where.substrate();
        Runner gd = new Runner(s, runsDir, targets, new ConsoleProgress(System.err)).withRecoveryCommand(command).parallel(parallel)
                .environments(environments);
        System.err.println("run directory: " + gd.runDir());
        List<ScenarioRecord> results = gd.runAll(scenarios);
        System.out.print(TextSummary.render(gd.journal()));
        System.out.println("journal: " + gd.journal().file());
        if (!noReports) System.out.println("report: " + Reports.write(gd.journal(), history, null).html());
        return results.stream().allMatch(ScenarioRecord::asExpected) ? Main.OK : Main.MISSED;
    }

    /** The checked --recovery-command, its first word made absolute against the directory the user stands in; null without one. */
    private RecoveryCommand.Spec recoveryCommand() {
        if (recoveryCommand == null) {
            if (recoveryTimeout != null) throw new GameDayException("--recovery-timeout needs --recovery-command");
            return null;
        }
        java.time.Duration timeout = recoveryTimeout == null ? null : Targets.duration("--recovery-timeout", recoveryTimeout);
        return RecoveryCommand.Spec.parse(recoveryCommand, Path.of("").toAbsolutePath(), timeout);
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
