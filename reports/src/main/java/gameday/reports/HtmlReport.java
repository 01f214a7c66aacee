package gameday.reports;

import static gameday.reports.ReportFormat.check;
import static gameday.reports.ReportFormat.count;
import static gameday.reports.ReportFormat.millis;
import static gameday.reports.ReportFormat.num;
import static gameday.reports.ReportFormat.status;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The report people publish: one self-contained HTML file (inline CSS and SVG, no script, no
 * font or image from anywhere, a Content-Security-Policy that forbids loading any), printable
 * and with a dark theme. Every piece of journal text goes through {@link Html#text}, which
 * escapes it. Deterministic: rendering the same journal and history twice gives the same bytes.
 */
public final class HtmlReport {
    private HtmlReport() {}

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The style sheet, inlined into every page so that the page loads nothing. */
    static final String CSS = resource("report.css");
    private static final List<String> FIGURES = List.of("rows", "objects", "dangling", "corrupt", "orphan", "resurrected");

    public static String render(Journal j, Trend trend) {
        return render(j, trend, null);
    }

    /** @param journalSha the SHA-256 of the finished journal file, for a drill's evidence; null: not shown */
    public static String render(Journal j, Trend trend, String journalSha) {
        Html h = new Html(16_384 + j.scenarios.size() * (10_000 + (trend == null ? 0 : 40 * trend.earlierRuns())));
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .raw("<link rel=\"icon\" href=\"data:,\">\n")
                .raw("<title>Game day ").text(j.runId).raw(": ").text(ReportFormat.headline(j)).raw("</title>\n")
                .raw("<style>").raw(CSS).raw("</style></head>\n<body>\n");
        banner(h, j, ReportFormat.overall(j));
        summaryTable(h, j);
        for (int i = 0; i < j.scenarios.size(); i++) scenario(h, j, j.scenarios.get(i), i);
        EvidenceSection.html(h, j, journalSha);
        environment(h, j);
        trend(h, j, trend);
        h.raw("<footer>Rendered by gameday from <code>journal.json</code> (schema version ").num(j.schemaVersion)
                .raw("). Times in the timelines are on the monotonic clock, from the start of each scenario.</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void banner(Html h, Journal j, String overall) {
        h.raw("<header class=\"banner v-").text(overall).raw("\" id=\"verdict\">\n<div class=\"headline\">")
                .text(ReportFormat.headline(j)).raw("</div>\n<div>").text(ReportFormat.scenarioCounts(j)).raw("</div>\n<div class=\"meta\">run <code>")
                .text(j.runId).raw("</code> · ").text(j.status).raw(" · substrate ").text(j.substrate);
        if (j.started != null) h.raw(" · started ").text(TIME.format(j.started));
        if (j.started != null && j.finished != null) h.raw(" · took ").text(millis(Duration.between(j.started, j.finished).toMillis()));
        String concurrency = ReportFormat.concurrency(j);
        if (concurrency != null) h.raw(" · <strong class=\"parallel\">").text(concurrency).raw("</strong>");
        h.raw("</div>\n");
        if ("aborted".equals(j.status))
            h.raw("<div class=\"meta\">The harness died during this run; scenarios that were still running show the last phase they reached.</div>\n");
        h.raw("</header>\n");
    }

    private static void summaryTable(Html h, Journal j) {
        h.raw("<section><h2>Scenarios</h2>\n<table class=\"summary\"><thead><tr><th>scenario</th><th>verdict</th><th>status</th>")
                .raw("<th class=\"n\">RTO</th><th class=\"n\">target</th><th class=\"n\">RPO writes</th><th class=\"n\">RPO time</th>")
                .raw("<th class=\"n\">dangling</th><th>reason</th></tr></thead><tbody>\n");
        for (int i = 0; i < j.scenarios.size(); i++) {
            ScenarioRecord s = j.scenarios.get(i);
            Map<String, Object> m = s.measurements;
            Verdict c = check(s, "consistency");
            h.raw("<tr><td><a href=\"#s").num(i).raw("\">").text(s.name).raw("</a></td><td>").html(pill(s))
                    .raw("</td><td>").text(status(j, s)).raw("</td><td class=\"n\">").text(millis(num(m, "rtoMs")))
                    .raw("</td><td class=\"n\">").text(millis(num(s.targets, "rtoMs"))).raw("</td><td class=\"n\">")
                    .text(count(num(m, "rpoCount"))).raw("</td><td class=\"n\">").text(millis(num(m, "rpoTimeMs")))
                    .raw("</td><td class=\"n\">").text(c == null ? "-" : count(num(c.figures(), "dangling")))
                    .raw("</td><td>").text(reason(j, s)).raw("</td></tr>\n");
        }
        if (j.scenarios.isEmpty()) h.raw("<tr><td colspan=\"9\">No scenario ran.</td></tr>\n");
        h.raw("</tbody></table></section>\n");
    }

    static String reason(Journal j, ScenarioRecord s) {
        String r = TextSummary.reason(s);
        if (r.isEmpty() && "aborted".equals(status(j, s))) r = "aborted in phase " + s.lastPhase();
        return r;
    }

    private static Html pill(String verdict) {
        return new Html(64).raw("<span class=\"pill v-").text(verdict).raw("\">").text(verdict.toUpperCase()).raw("</span>");
    }

    private static Html pill(ScenarioRecord s) {
        return new Html(64).raw("<span class=\"pill v-").text(s.asExpected() ? "valid" : ReportFormat.verdict(s)).raw("\">")
                .text(ReportFormat.label(s)).raw("</span>");
    }

    private static void scenario(Html h, Journal j, ScenarioRecord s, int i) {
        h.raw("<section class=\"scenario\" id=\"s").num(i).raw("\">\n<h2>").text(s.name).raw(' ').html(pill(s)).raw("</h2>\n");
        if (s.summary != null) h.raw("<p class=\"summary-text\">").text(s.summary).raw("</p>\n");
        h.raw("<p class=\"meta\">status ").text(status(j, s));
        if (s.started != null) h.raw(" · started ").text(TIME.format(s.started));
        if (s.started != null && s.finished != null) h.raw(" · took ").text(millis(Duration.between(s.started, s.finished).toMillis()));
        if (s.targets != null && s.targets.get("source") != null) h.raw(" · targets from ").text(s.targets.get("source"));
        h.raw("</p>\n");
        String reason = reason(j, s);
        if (!reason.isEmpty()) h.raw("<p class=\"reason\">").text(reason).raw("</p>\n");

        h.raw("<h3>Timeline</h3>\n");
        SvgCharts.timeline(h, s, status(j, s));

        h.raw("<h3>RTO and RPO against the targets</h3>\n");
        Map<String, Object> m = s.measurements;
        Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
        Verdict cons = check(s, "consistency");
        SvgCharts.gauge(h, "RTO", num(m, "rtoMs"), num(t, "rtoMs"), ReportFormat::millis);
        SvgCharts.gauge(h, "RPO time", num(m, "rpoTimeMs"), num(t, "rpoTimeMs"), ReportFormat::millis);
        SvgCharts.gauge(h, "RPO writes lost", num(m, "rpoCount"), num(t, "rpoCount"), ReportFormat::count);
        SvgCharts.gauge(h, "dangling refs", cons == null ? null : num(cons.figures(), "dangling"), num(t, "maxDangling"), ReportFormat::count);

        h.raw("<h3>Consistency of database and objects</h3>\n");
        if (cons == null) {
            h.raw("<p class=\"meta\">Not checked (the scenario did not reach the checks).</p>\n");
        } else {
            h.raw("<table class=\"figures\"><tr>");
            for (String k : FIGURES) h.raw("<th class=\"n\">").text(k).raw("</th>");
            h.raw("</tr><tr>");
            for (String k : FIGURES) {
                Long v = num(cons.figures(), k);
                boolean bad = v != null && v > 0 && (k.equals("dangling") || k.equals("corrupt") || k.equals("resurrected"));
                h.raw("<td class=\"n").raw(bad ? " bad" : "").raw("\" data-figure=\"").text(k).raw("\">").text(count(v)).raw("</td>");
            }
            h.raw("</tr></table>\n<p class=\"meta\">").html(pill(cons.validity().json())).raw(" dangling: row without its object (data loss) · corrupt: size or sha256 mismatch · orphan: object without a row (garbage, fine inside the GC window) · resurrected: soft-deleted row whose bytes are gone</p>\n");
        }

        h.raw("<h3>Checks</h3>\n<table class=\"checks\"><thead><tr><th>checker</th><th>verdict</th><th>figures</th><th>reasons</th></tr></thead><tbody>\n");
        for (Verdict v : s.checks) {
            h.raw("<tr><td>").text(v.checker()).raw("</td><td>").html(pill(v.validity().json())).raw("</td><td>");
            if (v.figures() != null) v.figures().forEach((k, val) -> h.raw("<span class=\"kv\">").text(k).raw(" <b>").text(val).raw("</b></span> "));
            h.raw("</td><td>");
            if (v.reasons() != null) for (String r : v.reasons()) h.raw("<div>").text(r).raw("</div>");
            h.raw("</td></tr>\n");
        }
        if (s.checks.isEmpty()) h.raw("<tr><td colspan=\"4\">No check ran.</td></tr>\n");
        h.raw("</tbody></table>\n");

        h.raw("<h3>Environment and sizes</h3>\n");
        if (m.isEmpty()) h.raw("<p class=\"meta\">Nothing recorded (the environment was not built).</p>\n");
        h.raw("<table class=\"facts\">");
        if (m.get("environment") instanceof Map<?, ?> env) env.forEach((k, v) -> fact(h, String.valueOf(k), v));
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (k.equals("environment") || k.equals("rtoMs") || k.equals("rpoTimeMs") || k.equals("rpoCount")) continue;
            Object v = e.getValue();
            if (k.endsWith("Bytes") && v instanceof Number n) v = ReportFormat.bytes(n.longValue()) + " (" + count(n.longValue()) + " bytes)";
            else if (k.equals("walSegmentsRestored") && v instanceof Number n) v = n + " segments (" + ReportFormat.bytes(n.longValue() * 16 * 1024 * 1024) + " of WAL)";
            else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) v = count(n.longValue());
            fact(h, k, v);
        }
        h.raw("</table>\n");

        if (!s.events.isEmpty()) {
            h.raw("<h3>Events</h3>\n<ol class=\"events\">");
            for (ScenarioRecord.Event e : s.events)
                h.raw("<li><span class=\"t\">").text(millis(Math.round(e.atMs()))).raw("</span> ").text(e.message()).raw("</li>");
            h.raw("</ol>\n");
        }
        h.raw("</section>\n");
    }

    private static void fact(Html h, String k, Object v) {
        h.raw("<tr><th>").text(k).raw("</th><td>").text(v).raw("</td></tr>");
    }

    private static void environment(Html h, Journal j) {
        h.raw("<section id=\"environment\"><h2>Environment</h2>\n<table class=\"facts\">");
        fact(h, "run", j.runId);
        fact(h, "tool", j.tool);
        fact(h, "substrate", j.substrate);
        fact(h, "status", j.status);
        if (j.started != null) fact(h, "started", TIME.format(j.started));
        if (j.finished != null) fact(h, "finished", TIME.format(j.finished));
        j.environment.forEach((k, v) -> fact(h, k, v));
        h.raw("</table></section>\n");
    }

    private static void trend(Html h, Journal j, Trend trend) {
        h.raw("<section id=\"trend\"><h2>Trend across runs</h2>\n")
                .raw("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><marker id=\"run\" viewBox=\"0 0 6 6\" refX=\"3\" refY=\"3\" ")
                .raw("markerWidth=\"4\" markerHeight=\"4\" markerUnits=\"userSpaceOnUse\"><circle class=\"runmark\" cx=\"3\" cy=\"3\" r=\"3\"/></marker></defs></svg>\n");
        if (trend == null || trend.earlierRuns() == 0) {
            h.raw("<p class=\"meta no-history\">No earlier runs found");
            if (trend != null && trend.dir() != null) h.raw(" in ").text(trend.dir());
            h.raw(": this run is the first point of the trend.</p>\n");
        } else {
            h.raw("<p class=\"meta\">").num(trend.earlierRuns()).raw(" earlier run").raw(trend.earlierRuns() == 1 ? "" : "s").raw(" from ")
                    .text(trend.dir()).raw(", oldest left; the last point is this run.</p>\n");
        }
        if (trend != null && !trend.unreadable().isEmpty())
            h.raw("<p class=\"meta\">Skipped unreadable journals: ").text(String.join(", ", trend.unreadable())).raw("</p>\n");
        if (trend == null) {
            h.raw("</section>\n");
            return;
        }
        for (ScenarioRecord s : j.scenarios) {
            List<Trend.Point> pts = trend.points(s.name);
            h.raw("<div class=\"trend\"><h3>").text(s.name).raw("</h3>\n");
            Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
            SvgCharts.spark(h, "RTO", pts, Trend.Point::rtoMs, num(t, "rtoMs"));
            SvgCharts.spark(h, "RPO time", pts, Trend.Point::rpoTimeMs, num(t, "rpoTimeMs"));
            h.raw("</div>\n");
        }
        h.raw("</section>\n");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
