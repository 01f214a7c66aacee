package gameday.cli;

import gameday.harness.journal.Journal;
import gameday.reports.TextSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "Re-render the reports of earlier runs from their journal.json.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (or journal.json files).")
    List<Path> runs;

    @Override
    public Integer call() {
        for (Path p : runs) {
            Journal j = Journal.read(p);
            System.out.println("run " + j.runId + " (" + j.status + ")");
            System.out.print(TextSummary.render(j));
        }
        return Main.OK;
    }
}
