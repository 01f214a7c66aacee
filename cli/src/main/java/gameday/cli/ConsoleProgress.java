package gameday.cli;

import gameday.harness.Progress;
import java.io.PrintStream;

/** One line per phase as it finishes, and the notes that matter, on stderr so stdout stays the summary. */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    private String stamp() {
        return String.format("%7.1fs", (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void scenarioStarted(String scenario) {
        out.printf("%s  %s: building a fresh environment%n", stamp(), scenario);
    }

    @Override
    public void phaseStarted(String scenario, String phase) {
        out.printf("%s  %s: %s ...%n", stamp(), scenario, phase);
    }

    @Override
    public void phaseFinished(String scenario, String phase, long millis, String detail) {
        out.printf("%s  %s: %s %s in %d ms%s%n", stamp(), scenario, phase, detail == null ? "done" : "FAILED", millis,
                detail == null ? "" : ": " + detail);
    }

    @Override
    public void note(String scenario, String message) {
        out.printf("%s  %s:   %s%n", stamp(), scenario, message);
    }

    @Override
    public void scenarioFinished(String scenario, String verdict) {
        out.printf("%s  %s: verdict %s%n", stamp(), scenario, verdict.toUpperCase());
    }
}
