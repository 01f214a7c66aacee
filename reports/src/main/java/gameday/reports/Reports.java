package gameday.reports;

import gameday.harness.GameDayException;
import gameday.harness.journal.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders every report of a run from its journal: {@code report.html}, {@code report.md},
 * {@code junit.xml} and {@code allure-results/}. The journal itself is the JSON report.
 * A run writes them at its end; {@code gameday report} re-renders them from an old journal.
 */
public final class Reports {
    public static final String HTML = "report.html", MARKDOWN = "report.md", JUNIT = "junit.xml", ALLURE = "allure-results";

    private Reports() {}

    /** What was written. */
    public record Written(Path html, Path markdown, Path junit, Path allure, Trend trend) {}

    /**
     * @param j          the run's journal, as read from (or written to) its run directory
     * @param historyDir where earlier runs are; null: the directory that holds this run
     * @param outDir     where the reports go; null: the run directory
     */
    public static Written write(Journal j, Path historyDir, Path outDir) {
        if (j.file() == null) throw new GameDayException("the journal of run " + j.runId + " has no run directory");
        Path runDir = j.file().toAbsolutePath().getParent();
        Path out = outDir == null ? runDir : outDir;
        Path history = historyDir != null ? historyDir : runDir.getParent();
        Trend trend = Trend.load(history, j);
        try {
            Files.createDirectories(out);
            // a drill's evidence carries the hash of the journal it was rendered from
            String sha = j.evidence == null ? null : gameday.harness.s3.Sha256.of(Files.readAllBytes(j.file()));
            if (sha != null) atomic(out.resolve(Journal.FILE + ".sha256"), sha + "  " + Journal.FILE + "\n");
            Path html = atomic(out.resolve(HTML), HtmlReport.render(j, trend, sha));
            String link = out.relativize(html).toString();
            Path md = atomic(out.resolve(MARKDOWN), MarkdownReport.render(j, trend, link, sha));
            Path junit = atomic(out.resolve(JUNIT), JUnitReport.render(j));
            Path allure = AllureReport.write(j, runDir, out.resolve(ALLURE));
            return new Written(html, md, junit, allure, trend);
        } catch (IOException e) {
            throw new GameDayException("cannot write the reports into " + out + ": " + e.getMessage());
        }
    }

    /** Reads the journal in {@code runDir} (or the journal file) and writes its reports. */
    public static Written write(Path runDirOrJournal, Path historyDir, Path outDir) {
        return write(Journal.read(runDirOrJournal), historyDir, outDir);
    }

    private static Path atomic(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
