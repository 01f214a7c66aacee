package gameday.cli;

import gameday.harness.Scenario;
import gameday.harness.Substrate;
import gameday.harness.run.Targets;
import gameday.reports.TextSummary;
import gameday.scenarios.Catalogue;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios with their targets, and which of them a substrate can run.")
final class ListCommand implements Runnable {
    @Option(names = "--substrate", defaultValue = "local", description = "Mark the scenarios this substrate cannot run, and what it lacks (default: ${DEFAULT-VALUE}).")
    String substrate;

    @Override
    public void run() {
        Map<String, Targets> targets = Targets.load(null);
        Substrate.Support support = SubstrateOptions.support(substrate);
        List<Scenario> all = Catalogue.all();
        long runnable = all.stream().filter(s -> support.lacks(s.info()).isEmpty()).count();
        System.out.printf("%d of %d scenarios run on %s%n", runnable, all.size(), substrate);
        for (Scenario s : all) {
            Scenario.Info info = s.info();
            Targets t = targets.getOrDefault(info.name(), Targets.NONE);
            List<String> lacks = support.lacks(info);
            System.out.printf("%-22s %s%n%22s  targets: RTO %s, RPO %s writes / %s%n", info.name(), info.summary(), "",
                    t.rto() == null ? "-" : TextSummary.millis(t.rto().toMillis()), t.rpoCount() == null ? "-" : t.rpoCount(),
                    t.rpoTime() == null ? "-" : TextSummary.millis(t.rpoTime().toMillis()));
            if (!lacks.isEmpty()) System.out.printf("%22s  not on %s: needs %s%n", "", substrate, String.join(", ", lacks));
        }
    }
}
