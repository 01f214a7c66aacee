package gameday.cli;

import gameday.harness.journal.Journal;
import gameday.reports.Reports;
import gameday.reports.TextSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Re-render the reports (report.html, report.md, junit.xml, allure-results/) of earlier runs from their journal.json.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (or journal.json files).")
    List<Path> runs;

    @Option(names = "--history", paramLabel = "DIR", description = "Earlier runs for the RTO/RPO trend (default: the directory that holds each run).")
    Path history;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the reports here instead of into each run directory (one sub-directory per run when several are given).")
    Path out;

    @Override
    public Integer call() {
        List<Journal> journals = new ArrayList<>();
        for (Path p : runs) journals.add(Journal.read(p)); // every journal is checked before anything is written
        for (Journal j : journals) {
            Path dir = out == null ? null : journals.size() == 1 ? out : out.resolve(j.runId);
            Reports.Written w = Reports.write(j, history, dir);
            System.out.println("run " + j.runId + " (" + j.status + ")");
            System.out.print(TextSummary.render(j));
            System.out.println("report: " + w.html());
        }
        return Main.OK;
    }
}
