package gameday.reports;

import static gameday.reports.ReportFormat.md;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.List;
import java.util.Map;

/** A summary that fits a CI step summary or a PR comment: one table, a link to the HTML report. */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** @param htmlLink where the HTML report is, relative to the Markdown file or absolute */
    public static String render(Journal j, Trend trend, String htmlLink) {
        return render(j, trend, htmlLink, null);
    }

    /** @param journalSha the SHA-256 of the finished journal file, for a drill's evidence; null: not shown */
    public static String render(Journal j, Trend trend, String htmlLink, String journalSha) {
        StringBuilder b = new StringBuilder(1024 + j.scenarios.size() * 200);
        String overall = ReportFormat.overall(j);
        b.append("### ").append(icon(overall)).append(" Game day `").append(md(j.runId)).append("`: ").append(md(ReportFormat.headline(j)))
                .append(" — ").append(md(ReportFormat.scenarioCounts(j))).append("\n\n");
        b.append("| scenario | verdict | RTO / target | RPO writes / target | RPO time / target | dangling | RTO trend | reason |\n");
        b.append("|---|---|--:|--:|--:|--:|---|---|\n");
        for (ScenarioRecord s : j.scenarios) {
            Map<String, Object> m = s.measurements;
            Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
            Verdict c = ReportFormat.check(s, "consistency");
            b.append("| ").append(md(s.name)).append(" | ").append(icon(s.asExpected() ? "valid" : ReportFormat.verdict(s))).append(' ').append(md(ReportFormat.label(s).toLowerCase())).append(" | ")
                    .append(md(ReportFormat.millis(ReportFormat.num(m, "rtoMs")))).append(" / ").append(md(ReportFormat.millis(ReportFormat.num(t, "rtoMs")))).append(" | ")
                    .append(md(ReportFormat.count(ReportFormat.num(m, "rpoCount")))).append(" / ").append(md(ReportFormat.count(ReportFormat.num(t, "rpoCount")))).append(" | ")
                    .append(md(ReportFormat.millis(ReportFormat.num(m, "rpoTimeMs")))).append(" / ").append(md(ReportFormat.millis(ReportFormat.num(t, "rpoTimeMs")))).append(" | ")
                    .append(md(c == null ? "-" : ReportFormat.count(ReportFormat.num(c.figures(), "dangling")))).append(" | ")
                    .append(md(trend(trend, s.name))).append(" | ").append(md(HtmlReport.reason(j, s))).append(" |\n");
        }
        if (j.scenarios.isEmpty()) b.append("| (no scenario ran) | | | | | | | |\n");
        b.append("\nRun ").append(md(j.status)).append(" on substrate ").append(md(j.substrate));
        if (j.started != null) b.append(", started ").append(md(HtmlReport.TIME.format(j.started)));
        String concurrency = ReportFormat.concurrency(j);
        if (concurrency != null) b.append(", **").append(md(concurrency)).append("**");
        if (trend != null) b.append(", ").append(trend.earlierRuns()).append(" earlier run").append(trend.earlierRuns() == 1 ? "" : "s").append(" in the trend");
        b.append(". Full report with timelines: [").append(md(htmlLink)).append("](").append(htmlLink.replace(" ", "%20").replace(")", "%29")).append(")\n");
        EvidenceSection.markdown(b, j, journalSha);
        return b.toString();
    }

    /** "7.9 s → 8.0 s" (the previous measured run, then this one), or "first run". */
    static String trend(Trend trend, String scenario) {
        if (trend == null) return "";
        List<Trend.Point> pts = trend.points(scenario);
        Trend.Point now = pts.isEmpty() ? null : pts.get(pts.size() - 1);
        Trend.Point prev = null;
        for (int i = pts.size() - 2; i >= 0; i--) if (pts.get(i).rtoMs() != null) {
            prev = pts.get(i);
            break;
        }
        if (prev == null) return pts.size() <= 1 ? "first run" : "no earlier RTO";
        return ReportFormat.millis(prev.rtoMs()) + " → " + ReportFormat.millis(now == null ? null : now.rtoMs());
    }

    static String icon(String verdict) {
        return switch (verdict) {
            case "valid" -> "✅";
            case "invalid" -> "❌";
            default -> "⚠️";
        };
    }
}
