package gameday.reports;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.Locale;
import java.util.Map;

/** Escaping and number formatting shared by the renderers; all of them read the journal only. */
final class Fmt {
    private Fmt() {}

    /** HTML/XML text and attribute escaping; drops characters XML 1.0 cannot carry. */
    static String esc(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0xFFFE || c == 0xFFFF ? "\uFFFD" : null;
            };
            if (r != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (b != null) {
                if (r != null) b.append(r);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

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

    /** Coordinates in SVG: short, locale-independent. */
    static String px(double v) {
        long r = Math.round(v * 10);
        if (r % 10 == 0) return Long.toString(r / 10);
        long a = Math.abs(r);
        return (r < 0 ? "-" : "") + a / 10 + "." + a % 10;
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
}
