package gameday.reports;

import gameday.harness.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How long rendering takes for 1,000 scenario results with 100 earlier runs of history (the
 * journals already read). Not a test and no timing assertion: it prints the figures.
 * Run: {@code java -cp <reports test classpath> gameday.reports.RenderBenchmark}.
 */
public final class RenderBenchmark {
    public static void main(String[] args) throws Exception {
        int scenarios = 1_000, history = 100;
        Path dir = Files.createTempDirectory("gameday-bench");
        List<Journal> earlier = new ArrayList<>();
        for (int r = 0; r < history; r++) earlier.add(journal(dir, "run-" + r, r, scenarios));
        Journal current = journal(dir, "run-now", history, scenarios);
        long best = Long.MAX_VALUE, bestAll = Long.MAX_VALUE;
        int bytes = 0;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            Trend trend = Trend.of(dir, earlier, List.of(), current);
            String html = HtmlReport.render(current, trend);
            long t1 = System.nanoTime();
            String md = MarkdownReport.render(current, trend, "report.html");
            String xml = JUnitReport.render(current);
            long t2 = System.nanoTime();
            best = Math.min(best, t1 - t0);
            bestAll = Math.min(bestAll, t2 - t0);
            bytes = html.length() + md.length() + xml.length();
        }
        System.out.printf("render %d scenarios x %d earlier runs: HTML (trend included) %.0f ms, HTML + Markdown + JUnit XML %.0f ms (best of 10, %.1f MB of output)%n",
                scenarios, history, best / 1e6, bestAll / 1e6, bytes / 1e6);
        // and the reading of the history itself, from disk (what `gameday report` adds to the rendering)
        for (Journal j : earlier) j.save();
        long bytesOnDisk;
        try (var s = Files.walk(dir)) {
            bytesOnDisk = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        long load = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Trend.load(dir, current);
            load = Math.min(load, System.nanoTime() - t0);
        }
        System.out.printf("read the %d earlier journals from disk (%.0f MB): %.0f ms (best of 3)%n", history, bytesOnDisk / 1e6, load / 1e6);
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Journal journal(Path dir, String id, int day, int scenarios) throws Exception {
        Journal j = Journals.run(dir, id, day);
        for (int i = 0; i < scenarios; i++) {
            if (i % 50 == 7) Journals.failed(j, "scenario-" + i, "phase replay-wal failed: exit code 1");
            else Journals.valid(j, "scenario-" + i, 5_000 + (i * 37 + day * 101) % 9_000, (i + day) % 11 == 0 ? 1_500 : 0);
        }
        return j;
    }
}
