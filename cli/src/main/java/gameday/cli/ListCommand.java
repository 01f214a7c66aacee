package gameday.cli;

import gameday.harness.Scenario;
import gameday.harness.run.Targets;
import gameday.reports.TextSummary;
import gameday.scenarios.Catalogue;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios with their targets.")
final class ListCommand implements Runnable {
    @Override
    public void run() {
        Map<String, Targets> targets = Targets.load(null);
        for (Scenario s : Catalogue.all()) {
            Targets t = targets.getOrDefault(s.name(), Targets.NONE);
            System.out.printf("%-22s %s%n%22s  targets: RTO %s, RPO %s writes / %s%n", s.name(), s.summary(), "",
                    t.rto() == null ? "-" : TextSummary.millis(t.rto().toMillis()), t.rpoCount() == null ? "-" : t.rpoCount(),
                    t.rpoTime() == null ? "-" : TextSummary.millis(t.rpoTime().toMillis()));
        }
    }
}
