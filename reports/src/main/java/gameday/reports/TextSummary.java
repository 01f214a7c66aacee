package gameday.reports;

import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plain-text table printed at the end of a run. */
public final class TextSummary {
    private TextSummary() {}

    public static String render(Journal j) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "verdict", "RTO", "target", "RPO writes", "RPO time", "rows restored", "objects restored", "writes after", "wall", "reason"});
        for (ScenarioRecord s : j.scenarios) {
            Map<String, Object> m = s.measurements;
            Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
            rows.add(new String[] {s.name, ReportFormat.label(s), millis(m.get("rtoMs")), millis(t.get("rtoMs")),
                    str(m.get("rpoCount")), millis(m.get("rpoTimeMs")), str(m.get("rowsRestored")), str(m.get("objectsRestored")), str(m.get("postRecoveryWrites")),
                    s.finished == null || s.started == null ? "-" : millis(java.time.Duration.between(s.started, s.finished).toMillis()),
                    reason(s)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            for (int i = 0; i < r.length; i++) sb.append(i == r.length - 1 ? r[i] : pad(r[i], w[i] + 2));
            sb.append('\n');
            if (k == 0) sb.append("-".repeat(java.util.Arrays.stream(w).sum() + 2 * (w.length - 1))).append('\n');
        }
        String concurrency = ReportFormat.concurrency(j);
        if (concurrency != null) sb.append(concurrency).append('\n');
        return sb.toString();
    }

    /** The first reason a scenario did not pass, or empty. */
    public static String reason(ScenarioRecord s) {
        if (s.error != null) return s.error;
        return s.checks.stream().filter(c -> !c.valid()).flatMap(c -> c.reasons().stream()).findFirst().orElse("");
    }

    static String str(Object o) {
        return o == null ? "-" : o.toString();
    }

    public static String millis(Object o) {
        if (!(o instanceof Number n)) return "-";
        long ms = n.longValue();
        if (ms < 1000) return ms + " ms";
        // one decimal, rounded half up, as "%.1f" would, without its cost (reports format thousands of these)
        if (ms < 120_000) return tenths(Math.round(ms / 100.0)) + " s";
        return tenths(Math.round(ms / 6000.0)) + " min";
    }

    private static String tenths(long t) {
        return (t / 10) + "." + (t % 10);
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
