package gameday.reports;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.Locale;
import java.util.Map;

/**
 * How every renderer writes what a journal says: figures in words (durations, counts, sizes),
 * verdicts, statuses and the run's headline, and Markdown cells. All of them read the journal only.
 */
final class ReportFormat {
    private ReportFormat() {}

    /** A Markdown table cell: one line, no pipes, no raw HTML. */
    static String md(Object o) {
        if (o == null) return "";
        return o.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                .replace("`", "'").replaceAll("[\\r\\n\\t]+", " ").trim();
    }

    static Long num(Map<String, Object> m, String key) {
        if (m == null) return null;
        return m.get(key) instanceof Number n ? n.longValue() : null;
    }

    static String millis(Long ms) {
        return TextSummary.millis(ms);
    }

    static String count(Long n) {
        if (n == null) return "-";
        String d = Long.toString(Math.abs(n));
        if (d.length() <= 3) return n < 0 ? "-" + d : d;
        StringBuilder b = new StringBuilder(d.length() + d.length() / 3 + 1);
        if (n < 0) b.append('-');
        int head = d.length() % 3 == 0 ? 3 : d.length() % 3;
        b.append(d, 0, head);
        for (int i = head; i < d.length(); i += 3) b.append(',').append(d, i, i + 3);
        return b.toString();
    }

    static String bytes(Long n) {
        if (n == null) return "-";
        if (n < 1024) return n + " B";
        if (n < 1024L * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }

    static Verdict check(ScenarioRecord s, String checker) {
        for (Verdict v : s.checks) if (checker.equals(v.checker())) return v;
        return null;
    }

    /** A scenario's verdict; one that never got one (still running, aborted) is unknown. */
    static String verdict(ScenarioRecord s) {
        return s.verdict != null ? s.verdict : "unknown";
    }

    static String status(Journal j, ScenarioRecord s) {
        if ("running".equals(s.status) && "aborted".equals(j.status)) return "aborted";
        return s.status == null ? "unknown" : s.status;
    }

    static int rank(String verdict) {
        return switch (verdict == null ? "unknown" : verdict) {
            case "valid" -> 0;
            case "unknown" -> 1;
            default -> 2;
        };
    }

    /** The verdict as shown: a negative control that was caught says so. */
    static String label(ScenarioRecord s) {
        String v = verdict(s).toUpperCase();
        return s.asExpected() && !"valid".equals(s.expectedVerdict) ? v + " (expected)" : v;
    }

    /** A scenario's contribution to the run: 0 when it reached its expected verdict, else its verdict's rank (a missed negative control is a failure). */
    static int outcomeRank(ScenarioRecord s) {
        if (s.asExpected()) return 0;
        return "valid".equals(s.verdict) ? 2 : rank(verdict(s));
    }

    /** The run's verdict: invalid beats unknown beats valid; an aborted or empty run is not valid. */
    static String overall(Journal j) {
        int worst = j.scenarios.isEmpty() ? 1 : 0;
        for (ScenarioRecord s : j.scenarios) worst = Math.max(worst, outcomeRank(s));
        if (!"completed".equals(j.status)) worst = Math.max(worst, 1);
        return worst == 0 ? "valid" : worst == 1 ? "unknown" : "invalid";
    }

    /** PASS / FAIL / INCONCLUSIVE, plus ABORTED or RUNNING when the run did not complete. */
    static String headline(Journal j) {
        String v = overall(j);
        String word = v.equals("valid") ? "PASS" : v.equals("invalid") ? "FAIL" : "INCONCLUSIVE";
        if ("aborted".equals(j.status)) return word.equals("FAIL") ? "FAIL (run aborted)" : "ABORTED";
        if ("running".equals(j.status)) return word.equals("FAIL") ? "FAIL (run unfinished)" : "UNFINISHED";
        return word;
    }

    static String scenarioCounts(Journal j) {
        long passed = j.scenarios.stream().filter(ScenarioRecord::asExpected).count();
        return passed + " of " + j.scenarios.size() + " scenario" + (j.scenarios.size() == 1 ? "" : "s") + " reached the expected verdict";
    }

    /**
     * "measured with 2 scenarios in parallel (load average 3.1 at start, 2.4 at end)" when the run
     * ran scenarios at once: RTO measured under that contention is not the serial figure. Null for a serial run.
     */
    static String concurrency(Journal j) {
        if (!(j.environment.get("parallel") instanceof Number n) || n.intValue() <= 1) return null;
        String start = load(j.environment.get("loadAverageAtStart")), end = load(j.environment.get("loadAverageAtEnd"));
        return "figures measured with " + n.intValue() + " scenarios in parallel (load average " + start + " at start, " + end
                + " at end): RTO under contention is not the serial figure";
    }

    /** The 1-minute figure of "1.52 0.98 0.77". */
    private static String load(Object o) {
        return o == null ? "?" : o.toString().split(" ")[0];
    }
}
