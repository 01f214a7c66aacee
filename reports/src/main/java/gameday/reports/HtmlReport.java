package gameday.reports;

import static gameday.reports.Fmt.esc;
import static gameday.reports.Fmt.px;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.journal.ScenarioRecord.PhaseRecord;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report people publish: one self-contained HTML file (inline CSS and SVG, no script, no
 * font or image from anywhere, a Content-Security-Policy that forbids loading any), printable
 * and with a dark theme. Every piece of journal text is escaped. Deterministic: rendering the
 * same journal and history twice gives the same bytes.
 */
public final class HtmlReport {
    private HtmlReport() {}

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int W = 900, LABEL = 150, RIGHT = 80;

    public static String render(Journal j, Trend trend) {
        StringBuilder h = new StringBuilder(16_384 + j.scenarios.size() * (10_000 + (trend == null ? 0 : 40 * trend.earlierRuns())));
        String overall = Fmt.overall(j);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>Game day ").append(esc(j.runId)).append(": ").append(esc(Fmt.headline(j))).append("</title>\n")
                .append("<style>").append(CSS).append("</style></head>\n<body>\n");
        banner(h, j, overall);
        summaryTable(h, j);
        for (int i = 0; i < j.scenarios.size(); i++) scenario(h, j, j.scenarios.get(i), i);
        environment(h, j);
        trend(h, j, trend);
        h.append("<footer>Rendered by gameday from <code>journal.json</code> (schema version ").append(j.schemaVersion)
                .append("). Times in the timelines are on the monotonic clock, from the start of each scenario.</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void banner(StringBuilder h, Journal j, String overall) {
        h.append("<header class=\"banner v-").append(esc(overall)).append("\" id=\"verdict\">\n<div class=\"headline\">")
                .append(esc(Fmt.headline(j))).append("</div>\n<div>").append(esc(Fmt.scenarioCounts(j))).append("</div>\n<div class=\"meta\">run <code>")
                .append(esc(j.runId)).append("</code> · ").append(esc(j.status)).append(" · substrate ").append(esc(j.substrate));
        if (j.started != null) h.append(" · started ").append(esc(TIME.format(j.started)));
        if (j.started != null && j.finished != null) h.append(" · took ").append(esc(Fmt.millis(Duration.between(j.started, j.finished).toMillis())));
        h.append("</div>\n");
        if ("aborted".equals(j.status))
            h.append("<div class=\"meta\">The harness died during this run; scenarios that were still running show the last phase they reached.</div>\n");
        h.append("</header>\n");
    }

    private static void summaryTable(StringBuilder h, Journal j) {
        h.append("<section><h2>Scenarios</h2>\n<table class=\"summary\"><thead><tr><th>scenario</th><th>verdict</th><th>status</th>")
                .append("<th class=\"n\">RTO</th><th class=\"n\">target</th><th class=\"n\">RPO writes</th><th class=\"n\">RPO time</th>")
                .append("<th class=\"n\">dangling</th><th>reason</th></tr></thead><tbody>\n");
        for (int i = 0; i < j.scenarios.size(); i++) {
            ScenarioRecord s = j.scenarios.get(i);
            Map<String, Object> m = s.measurements;
            Verdict c = Fmt.check(s, "consistency");
            h.append("<tr><td><a href=\"#s").append(i).append("\">").append(esc(s.name)).append("</a></td><td>").append(pill(s))
                    .append("</td><td>").append(esc(Fmt.status(j, s))).append("</td><td class=\"n\">").append(esc(Fmt.millis(Fmt.num(m, "rtoMs"))))
                    .append("</td><td class=\"n\">").append(esc(Fmt.millis(Fmt.num(s.targets, "rtoMs")))).append("</td><td class=\"n\">")
                    .append(esc(Fmt.count(Fmt.num(m, "rpoCount")))).append("</td><td class=\"n\">").append(esc(Fmt.millis(Fmt.num(m, "rpoTimeMs"))))
                    .append("</td><td class=\"n\">").append(esc(c == null ? "-" : Fmt.count(Fmt.num(c.figures(), "dangling"))))
                    .append("</td><td>").append(esc(reason(j, s))).append("</td></tr>\n");
        }
        if (j.scenarios.isEmpty()) h.append("<tr><td colspan=\"9\">No scenario ran.</td></tr>\n");
        h.append("</tbody></table></section>\n");
    }

    static String reason(Journal j, ScenarioRecord s) {
        String r = TextSummary.reason(s);
        if (r.isEmpty() && "aborted".equals(Fmt.status(j, s))) r = "aborted in phase " + s.lastPhase();
        return r;
    }

    private static String pill(String verdict) {
        return "<span class=\"pill v-" + esc(verdict) + "\">" + esc(verdict.toUpperCase()) + "</span>";
    }

    private static String pill(ScenarioRecord s) {
        String v = Fmt.verdict(s);
        return "<span class=\"pill v-" + esc(s.asExpected() ? "valid" : v) + "\">" + esc(Fmt.label(s)) + "</span>";
    }

    private static void scenario(StringBuilder h, Journal j, ScenarioRecord s, int i) {
        h.append("<section class=\"scenario\" id=\"s").append(i).append("\">\n<h2>").append(esc(s.name)).append(' ').append(pill(s))
                .append("</h2>\n");
        if (s.summary != null) h.append("<p class=\"summary-text\">").append(esc(s.summary)).append("</p>\n");
        h.append("<p class=\"meta\">status ").append(esc(Fmt.status(j, s)));
        if (s.started != null) h.append(" · started ").append(esc(TIME.format(s.started)));
        if (s.started != null && s.finished != null) h.append(" · took ").append(esc(Fmt.millis(Duration.between(s.started, s.finished).toMillis())));
        if (s.targets != null && s.targets.get("source") != null) h.append(" · targets from ").append(esc(s.targets.get("source")));
        h.append("</p>\n");
        String reason = reason(j, s);
        if (!reason.isEmpty()) h.append("<p class=\"reason\">").append(esc(reason)).append("</p>\n");

        h.append("<h3>Timeline</h3>\n");
        timeline(h, s, Fmt.status(j, s));

        h.append("<h3>RTO and RPO against the targets</h3>\n");
        Map<String, Object> m = s.measurements;
        Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
        Verdict cons = Fmt.check(s, "consistency");
        bar(h, "RTO", Fmt.num(m, "rtoMs"), Fmt.num(t, "rtoMs"), Fmt::millis);
        bar(h, "RPO time", Fmt.num(m, "rpoTimeMs"), Fmt.num(t, "rpoTimeMs"), Fmt::millis);
        bar(h, "RPO writes lost", Fmt.num(m, "rpoCount"), Fmt.num(t, "rpoCount"), Fmt::count);
        bar(h, "dangling refs", cons == null ? null : Fmt.num(cons.figures(), "dangling"), Fmt.num(t, "maxDangling"), Fmt::count);

        h.append("<h3>Consistency of database and objects</h3>\n");
        if (cons == null) {
            h.append("<p class=\"meta\">Not checked (the scenario did not reach the checks).</p>\n");
        } else {
            h.append("<table class=\"figures\"><tr>");
            for (String k : List.of("rows", "objects", "dangling", "corrupt", "orphan", "resurrected")) h.append("<th class=\"n\">").append(k).append("</th>");
            h.append("</tr><tr>");
            for (String k : List.of("rows", "objects", "dangling", "corrupt", "orphan", "resurrected")) {
                Long v = Fmt.num(cons.figures(), k);
                boolean bad = v != null && v > 0 && (k.equals("dangling") || k.equals("corrupt") || k.equals("resurrected"));
                h.append("<td class=\"n").append(bad ? " bad" : "").append("\" data-figure=\"").append(k).append("\">").append(esc(Fmt.count(v))).append("</td>");
            }
            h.append("</tr></table>\n<p class=\"meta\">").append(pill(cons.validity().json())).append(" dangling: row without its object (data loss) · corrupt: size or sha256 mismatch · orphan: object without a row (garbage, fine inside the GC window) · resurrected: soft-deleted row whose bytes are gone</p>\n");
        }

        h.append("<h3>Checks</h3>\n<table class=\"checks\"><thead><tr><th>checker</th><th>verdict</th><th>figures</th><th>reasons</th></tr></thead><tbody>\n");
        for (Verdict v : s.checks) {
            h.append("<tr><td>").append(esc(v.checker())).append("</td><td>").append(pill(v.validity().json())).append("</td><td>");
            if (v.figures() != null) v.figures().forEach((k, val) -> h.append("<span class=\"kv\">").append(esc(k)).append(" <b>").append(esc(val)).append("</b></span> "));
            h.append("</td><td>");
            if (v.reasons() != null) for (String r : v.reasons()) h.append("<div>").append(esc(r)).append("</div>");
            h.append("</td></tr>\n");
        }
        if (s.checks.isEmpty()) h.append("<tr><td colspan=\"4\">No check ran.</td></tr>\n");
        h.append("</tbody></table>\n");

        h.append("<h3>Environment and sizes</h3>\n");
        if (m.isEmpty()) h.append("<p class=\"meta\">Nothing recorded (the environment was not built).</p>\n");
        h.append("<table class=\"facts\">");
        if (m.get("environment") instanceof Map<?, ?> env) env.forEach((k, v) -> fact(h, String.valueOf(k), v));
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (k.equals("environment") || k.equals("rtoMs") || k.equals("rpoTimeMs") || k.equals("rpoCount")) continue;
            Object v = e.getValue();
            if (k.endsWith("Bytes") && v instanceof Number n) v = Fmt.bytes(n.longValue()) + " (" + Fmt.count(n.longValue()) + " bytes)";
            else if (k.equals("walSegmentsRestored") && v instanceof Number n) v = n + " segments (" + Fmt.bytes(n.longValue() * 16 * 1024 * 1024) + " of WAL)";
            else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) v = Fmt.count(n.longValue());
            fact(h, k, v);
        }
        h.append("</table>\n");

        if (!s.events.isEmpty()) {
            h.append("<h3>Events</h3>\n<ol class=\"events\">");
            for (ScenarioRecord.Event e : s.events)
                h.append("<li><span class=\"t\">").append(esc(Fmt.millis(Math.round(e.atMs())))).append("</span> ").append(esc(e.message())).append("</li>");
            h.append("</ol>\n");
        }
        h.append("</section>\n");
    }

    private static void fact(StringBuilder h, String k, Object v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    /** The recovery as a Gantt chart to scale, fault and "service back" marked, plus a strip of the whole scenario. */
    static void timeline(StringBuilder h, ScenarioRecord s, String status) {
        if (s.phases.isEmpty()) {
            h.append("<p class=\"meta\">No phase was recorded.</p>\n");
            return;
        }
        double end = 0;
        for (PhaseRecord p : s.phases) end = Math.max(end, p.endMs() == null ? p.startMs() : p.endMs());
        for (ScenarioRecord.Event e : s.events) end = Math.max(end, e.atMs());
        if (s.faultAtMs != null) end = Math.max(end, s.faultAtMs);
        if (s.restoredAtMs != null) end = Math.max(end, s.restoredAtMs);
        final double scenarioEnd = end;
        // the zoomed chart: from the fault on (the RTO window and what follows), or everything when there was no fault
        List<PhaseRecord> rows = new ArrayList<>();
        for (PhaseRecord p : s.phases) if (s.faultAtMs == null || (p.endMs() == null ? scenarioEnd : p.endMs()) > s.faultAtMs) rows.add(p);
        double start = s.faultAtMs == null ? 0 : s.faultAtMs;
        for (PhaseRecord p : rows) start = Math.min(start, p.startMs());
        final double from = start;
        double to = Math.max(scenarioEnd, from + 1);
        int rowH = 20, top = 30, axis = 36;
        int height = top + rows.size() * rowH + axis;
        double x0 = LABEL, x1 = W - RIGHT;
        double span = to - from;
        Function<Double, Double> x = ms -> x0 + (ms - from) / span * (x1 - x0);
        h.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" width=\"100%\">")
                .append("<title>").append(esc(s.name)).append(" recovery timeline</title>\n");
        ticks(h, from, to, x, top - 6, top + rows.size() * rowH);
        if (s.faultAtMs != null && s.restoredAtMs != null) {
            double a = x.apply(s.faultAtMs), b = x.apply(s.restoredAtMs);
            h.append("<rect class=\"rto-window\" x=\"").append(px(a)).append("\" y=\"").append(top - 6).append("\" width=\"").append(px(Math.max(b - a, 1)))
                    .append("\" height=\"").append(rows.size() * rowH + 6).append("\"/>");
            h.append("<text class=\"rto-label\" x=\"").append(px((a + b) / 2)).append("\" y=\"").append(top - 12).append("\" text-anchor=\"middle\">RTO ")
                    .append(esc(Fmt.millis(Math.round(s.restoredAtMs - s.faultAtMs)))).append("</text>\n");
        }
        int r = 0;
        for (PhaseRecord p : rows) {
            double y = top + r * rowH;
            boolean open = p.endMs() == null;
            double pe = open ? to : p.endMs();
            double bx = x.apply(p.startMs()), bw = Math.max(x.apply(pe) - bx, 1.5);
            String cls = open ? ("aborted".equals(status) || "failed".equals(status) ? "open broken" : "open") : "ok".equals(p.status()) ? "ok" : "failed";
            h.append("<g class=\"phase\" data-phase=\"").append(esc(p.name())).append("\"><text class=\"lbl\" x=\"").append(LABEL - 8).append("\" y=\"")
                    .append(px(y + rowH * 0.68)).append("\" text-anchor=\"end\">").append(esc(p.name())).append("</text>")
                    .append("<rect class=\"bar ").append(cls).append("\" x=\"").append(px(bx)).append("\" y=\"").append(px(y + 3)).append("\" width=\"")
                    .append(px(bw)).append("\" height=\"").append(rowH - 6).append("\"><title>").append(esc(p.name())).append(": ")
                    .append(esc(Fmt.millis(p.startMs() < 0 ? 0L : Math.round(p.startMs())))).append(" → ").append(open ? "(not finished)" : esc(Fmt.millis(Math.round(pe))))
                    .append(p.detail() == null ? "" : " — " + esc(p.detail())).append("</title></rect>")
                    .append("<text class=\"dur\" x=\"").append(px(Math.min(bx + bw + 4, x1 + 4))).append("\" y=\"").append(px(y + rowH * 0.68)).append("\">")
                    .append(open ? "not finished" : esc(Fmt.millis(Math.round(pe - p.startMs())))).append(open || "ok".equals(p.status()) ? "" : " " + esc(p.status()))
                    .append("</text></g>\n");
            r++;
        }
        if (s.faultAtMs != null) marker(h, x.apply(s.faultAtMs), top - 6, top + rows.size() * rowH, "fault", "fault");
        if (s.restoredAtMs != null) marker(h, x.apply(s.restoredAtMs), top - 6, top + rows.size() * rowH, "back", "service back");
        h.append("</svg>\n");
        // the whole scenario, to scale, as one strip
        double all = Math.max(scenarioEnd, 1);
        h.append("<svg class=\"strip\" role=\"img\" viewBox=\"0 0 ").append(W).append(" 34\" width=\"100%\"><title>").append(esc(s.name))
                .append(" whole scenario</title><text class=\"lbl\" x=\"").append(LABEL - 8).append("\" y=\"19\" text-anchor=\"end\">whole scenario</text>");
        int k = 0;
        for (PhaseRecord p : s.phases) {
            double pe = p.endMs() == null ? scenarioEnd : p.endMs();
            double bx = x0 + Math.max(p.startMs(), 0) / all * (x1 - x0), bw = Math.max((pe - Math.max(p.startMs(), 0)) / all * (x1 - x0), 1);
            h.append("<rect class=\"seg c").append(k++ % 4).append(p.endMs() == null ? " open" : "").append("\" x=\"").append(px(bx)).append("\" y=\"6\" width=\"").append(px(bw))
                    .append("\" height=\"18\"><title>").append(esc(p.name())).append(' ').append(esc(Fmt.millis(Math.round(pe - p.startMs())))).append("</title></rect>");
            if (bw > 9 * p.name().length()) h.append("<text class=\"seglbl\" x=\"").append(px(bx + 3)).append("\" y=\"19\">").append(esc(p.name())).append("</text>");
        }
        if (s.faultAtMs != null) h.append("<line class=\"fault\" x1=\"").append(px(x0 + s.faultAtMs / all * (x1 - x0))).append("\" x2=\"")
                .append(px(x0 + s.faultAtMs / all * (x1 - x0))).append("\" y1=\"2\" y2=\"28\"/>");
        h.append("<text class=\"dur\" x=\"").append(px(x1 + 4)).append("\" y=\"19\">").append(esc(Fmt.millis(Math.round(scenarioEnd)))).append("</text></svg>\n");
    }

    private static void marker(StringBuilder h, double x, int y1, int y2, String cls, String label) {
        h.append("<line class=\"").append(cls).append("\" x1=\"").append(px(x)).append("\" x2=\"").append(px(x)).append("\" y1=\"").append(y1)
                .append("\" y2=\"").append(y2).append("\"/><text class=\"mk ").append(cls).append("-t\" x=\"").append(px(x)).append("\" y=\"").append(y2 + 28)
                .append("\" text-anchor=\"middle\">").append(label).append("</text>\n");
    }

    private static void ticks(StringBuilder h, double from, double to, Function<Double, Double> x, int y1, int y2) {
        double step = niceStep((to - from) / 6);
        for (double t = Math.ceil(from / step) * step; t <= to + 1e-9; t += step) {
            double tx = x.apply(t);
            h.append("<line class=\"grid\" x1=\"").append(px(tx)).append("\" x2=\"").append(px(tx)).append("\" y1=\"").append(y1).append("\" y2=\"").append(y2)
                    .append("\"/><text class=\"tick\" x=\"").append(px(tx)).append("\" y=\"").append(y2 + 14).append("\" text-anchor=\"middle\">")
                    .append(esc(Fmt.millis(Math.round(t)))).append("</text>");
        }
        h.append('\n');
    }

    static double niceStep(double raw) {
        if (raw <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** A measured figure as a bar, its target as a line; red when over the target. */
    static void bar(StringBuilder h, String label, Long value, Long target, Function<Long, String> fmt) {
        double max = Math.max(1, Math.max(value == null ? 0 : value, target == null ? 0 : target)) * 1.15;
        double x0 = LABEL, x1 = W - 210;
        boolean over = value != null && target != null && value > target;
        h.append("<svg class=\"gauge\" role=\"img\" viewBox=\"0 0 ").append(W).append(" 30\" width=\"100%\"><title>").append(esc(label)).append(": ")
                .append(esc(value == null ? "not measured" : fmt.apply(value))).append(", target ").append(esc(target == null ? "none" : fmt.apply(target)))
                .append("</title><text class=\"lbl\" x=\"").append(LABEL - 8).append("\" y=\"19\" text-anchor=\"end\">").append(esc(label)).append("</text>")
                .append("<rect class=\"track\" x=\"").append(px(x0)).append("\" y=\"7\" width=\"").append(px(x1 - x0)).append("\" height=\"16\"/>");
        double vx = x0;
        if (value != null) {
            vx = x0 + value / max * (x1 - x0);
            h.append("<rect class=\"bar ").append(over ? "over" : target == null ? "plain" : "under").append("\" x=\"").append(px(x0)).append("\" y=\"7\" width=\"")
                    .append(px(Math.max(vx - x0, 1.5))).append("\" height=\"16\"/>");
        }
        if (target != null) {
            double tx = x0 + target / max * (x1 - x0);
            h.append("<line class=\"target\" x1=\"").append(px(tx)).append("\" x2=\"").append(px(tx)).append("\" y1=\"2\" y2=\"28\"/>");
        }
        h.append("<text class=\"val").append(over ? " over-t" : "").append("\" x=\"").append(px(x1 + 8)).append("\" y=\"19\">")
                .append(esc(value == null ? "not measured" : fmt.apply(value))).append(" <tspan class=\"tgt\">/ target ")
                .append(esc(target == null ? "none" : fmt.apply(target))).append("</tspan></text></svg>\n");
    }

    private static void environment(StringBuilder h, Journal j) {
        h.append("<section id=\"environment\"><h2>Environment</h2>\n<table class=\"facts\">");
        fact(h, "run", j.runId);
        fact(h, "tool", j.tool);
        fact(h, "substrate", j.substrate);
        fact(h, "status", j.status);
        if (j.started != null) fact(h, "started", TIME.format(j.started));
        if (j.finished != null) fact(h, "finished", TIME.format(j.finished));
        j.environment.forEach((k, v) -> fact(h, k, v));
        h.append("</table></section>\n");
    }

    private static void trend(StringBuilder h, Journal j, Trend trend) {
        h.append("<section id=\"trend\"><h2>Trend across runs</h2>\n")
                .append("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><marker id=\"run\" viewBox=\"0 0 6 6\" refX=\"3\" refY=\"3\" ")
                .append("markerWidth=\"4\" markerHeight=\"4\" markerUnits=\"userSpaceOnUse\"><circle class=\"runmark\" cx=\"3\" cy=\"3\" r=\"3\"/></marker></defs></svg>\n");
        if (trend == null || trend.earlierRuns() == 0) {
            h.append("<p class=\"meta no-history\">No earlier runs found").append(trend == null || trend.dir() == null ? "" : " in " + esc(trend.dir()))
                    .append(": this run is the first point of the trend.</p>\n");
        } else {
            h.append("<p class=\"meta\">").append(trend.earlierRuns()).append(" earlier run").append(trend.earlierRuns() == 1 ? "" : "s").append(" from ")
                    .append(esc(trend.dir())).append(", oldest left; the last point is this run.</p>\n");
        }
        if (trend != null && !trend.unreadable().isEmpty())
            h.append("<p class=\"meta\">Skipped unreadable journals: ").append(esc(String.join(", ", trend.unreadable()))).append("</p>\n");
        if (trend == null) {
            h.append("</section>\n");
            return;
        }
        for (ScenarioRecord s : j.scenarios) {
            List<Trend.Point> pts = trend.points(s.name);
            h.append("<div class=\"trend\"><h3>").append(esc(s.name)).append("</h3>\n");
            Map<String, Object> t = s.targets == null ? Map.of() : s.targets;
            spark(h, "RTO", pts, Trend.Point::rtoMs, Fmt.num(t, "rtoMs"));
            spark(h, "RPO time", pts, Trend.Point::rpoTimeMs, Fmt.num(t, "rpoTimeMs"));
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    /** One figure across runs: a line with a point per run, the target dashed, and the figures in words. */
    private static void spark(StringBuilder h, String what, List<Trend.Point> pts, Function<Trend.Point, Long> f, Long target) {
        int w = 430, ht = 110, l = 8, r = 8, top = 10, bottom = 22;
        long max = target == null ? 1 : Math.max(1, target);
        long min = Long.MAX_VALUE, maxV = Long.MIN_VALUE;
        int measured = 0;
        Long now = null;
        for (Trend.Point p : pts) {
            Long v = f.apply(p);
            if (p.current()) now = v;
            if (v == null) continue;
            measured++;
            max = Math.max(max, v);
            min = Math.min(min, v);
            maxV = Math.max(maxV, v);
        }
        // the target stays on the chart only if it is within 20x of the data, else the data would be a flat line
        boolean showTarget = target != null && (maxV == Long.MIN_VALUE || target <= Math.max(1, maxV) * 20);
        if (!showTarget) max = Math.max(1, maxV);
        double ymax = max * 1.1;
        int n = pts.size();
        double plotW = w - l - r, plotH = ht - top - bottom;
        h.append("<figure class=\"spark\"><svg role=\"img\" viewBox=\"0 0 ").append(w).append(' ').append(ht).append("\" width=\"").append(w).append("\"><title>")
                .append(esc(what)).append(" across ").append(n).append(" runs</title>");
        h.append("<rect class=\"track\" x=\"").append(l).append("\" y=\"").append(top).append("\" width=\"").append(px(plotW)).append("\" height=\"").append(px(plotH)).append("\"/>");
        if (showTarget) {
            double ty = top + plotH - target / ymax * plotH;
            h.append("<line class=\"target\" x1=\"").append(l).append("\" x2=\"").append(px(l + plotW)).append("\" y1=\"").append(px(ty)).append("\" y2=\"").append(px(ty)).append("\"/>");
        }
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Trend.Point p = pts.get(i);
            Long v = f.apply(p);
            if (v == null) continue;
            double px = l + (n == 1 ? plotW / 2 : i * plotW / (n - 1));
            double py = top + plotH - v / ymax * plotH;
            line.append(line.length() == 0 ? "" : " ").append(px(px)).append(',').append(px(py));
            // a dot (with its run and value) for this run and for every run that was not valid; the line carries the rest
            if (p.current() || !"valid".equals(p.verdict())) dots.append("<circle class=\"pt v-").append(esc(p.verdict())).append(p.current() ? " now" : "").append("\" cx=\"").append(px(px)).append("\" cy=\"")
                    .append(px(py)).append("\" r=\"").append(p.current() ? 4 : 2.5).append("\"><title>").append(esc(p.runId())).append(": ")
                    .append(esc(Fmt.millis(v))).append("</title></circle>");
        }
        if (measured > 1) h.append("<polyline class=\"trendline\" points=\"").append(line).append("\"><title>").append(esc(what)).append(", oldest first: ")
                .append(trail(pts, f)).append("</title></polyline>");
        h.append(dots).append("<text class=\"tick\" x=\"").append(l).append("\" y=\"").append(ht - 6).append("\">").append(n).append(" runs</text>")
                .append("</svg><figcaption><b>").append(esc(what)).append("</b> now ").append(esc(Fmt.millis(now)));
        if (measured > 0) h.append(" · min ").append(esc(Fmt.millis(min))).append(" · max ").append(esc(Fmt.millis(maxV)));
        h.append(" · target ").append(esc(target == null ? "none" : Fmt.millis(target))).append(showTarget || target == null ? "" : " (off the chart)")
                .append(" · measured in ").append(measured).append(" of ").append(n).append(" runs</figcaption></figure>\n");
    }

    /** The figures of the last runs in words, for the tooltip of a trend line. */
    private static String trail(List<Trend.Point> pts, Function<Trend.Point, Long> f) {
        StringBuilder b = new StringBuilder();
        int from = Math.max(0, pts.size() - 12);
        if (from > 0) b.append("… ");
        for (int i = from; i < pts.size(); i++) b.append(i == from ? "" : ", ").append(Fmt.millis(f.apply(pts.get(i))));
        return esc(b);
    }

    static final String CSS = """
            :root{--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d6dbe1;--card:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--unk:#9a6700;--accent:#0969da;\
            --c0:#8fb8e8;--c1:#b9d3f0;--c2:#a5c3a0;--c3:#d4c79a}
            @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--card:#161b22;--ok:#3fb950;\
            --bad:#f85149;--unk:#d29922;--accent:#58a6ff;--c0:#1f4f80;--c1:#2d5f8f;--c2:#3b6b37;--c3:#6b5f2a}}
            *{box-sizing:border-box}
            body{margin:0 auto;max-width:1000px;padding:16px 20px 40px;background:var(--bg);color:var(--fg);\
            font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.95em}
            h2{margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line);font-size:1.3em}
            h3{margin:18px 0 6px;font-size:1.05em}
            a{color:var(--accent)}
            .banner{padding:16px 20px;border-radius:8px;color:#fff;margin-bottom:8px}
            .banner.v-valid{background:var(--ok)}.banner.v-invalid{background:var(--bad)}.banner.v-unknown{background:var(--unk)}
            .banner .headline{font-size:2em;font-weight:700;letter-spacing:.02em}
            .banner .meta{color:#fff;opacity:.92}
            .meta{color:var(--muted)}
            .reason{border-left:4px solid var(--bad);padding:4px 10px;background:var(--card)}
            table{border-collapse:collapse;width:100%;margin:4px 0}
            th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
            th{font-weight:600}.n{text-align:right;font-variant-numeric:tabular-nums}
            table.facts th{width:30%;color:var(--muted);font-weight:500}
            table.figures td{font-size:1.3em}
            td.bad{color:var(--bad);font-weight:700}
            .pill{display:inline-block;padding:0 8px;border-radius:10px;font-size:.8em;font-weight:700;color:#fff;vertical-align:middle}
            .pill.v-valid{background:var(--ok)}.pill.v-invalid{background:var(--bad)}.pill.v-unknown{background:var(--unk)}
            .kv{white-space:nowrap;margin-right:6px;color:var(--muted)}.kv b{color:var(--fg);font-weight:600}
            ol.events{padding-left:0;list-style:none}ol.events .t{display:inline-block;min-width:70px;color:var(--muted);text-align:right;margin-right:8px}
            svg{display:block;max-width:100%;height:auto;font:12px system-ui,sans-serif}
            svg text{fill:var(--fg)}svg .tick,svg .dur,svg .tgt{fill:var(--muted)}
            .grid{stroke:var(--line);stroke-width:1}
            .track{fill:var(--card);stroke:var(--line)}
            .bar.ok,.bar.under{fill:var(--ok)}.bar.failed,.bar.over,.bar.broken{fill:var(--bad)}.bar.open{fill:var(--unk);opacity:.75}.bar.plain{fill:var(--accent)}
            .rto-window{fill:var(--accent);opacity:.08}.rto-label{font-weight:700}
            line.fault{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3}line.back{stroke:var(--ok);stroke-width:2;stroke-dasharray:4 3}
            .fault-t{fill:var(--bad)}.back-t{fill:var(--ok)}
            line.target{stroke:var(--fg);stroke-width:2;stroke-dasharray:5 3}
            .over-t{fill:var(--bad);font-weight:700}
            .seg.c0{fill:var(--c0)}.seg.c1{fill:var(--c1)}.seg.c2{fill:var(--c2)}.seg.c3{fill:var(--c3)}.seg.open{opacity:.5}.seglbl{font-size:11px}
            .trend{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}.trend h3{flex-basis:100%;margin-bottom:0}
            figure.spark{margin:0}figure.spark figcaption{color:var(--muted);max-width:430px}
            .trendline{fill:none;stroke:var(--accent);stroke-width:1.5;marker:url(#run)}.runmark{fill:var(--accent)}svg.defs{position:absolute}
            .pt{stroke:var(--bg);stroke-width:1}.pt.v-valid{fill:var(--ok)}.pt.v-invalid{fill:var(--bad)}.pt.v-unknown{fill:var(--unk)}.pt.now{stroke:var(--fg);stroke-width:1.5}
            footer{margin-top:32px;color:var(--muted);font-size:.85em}
            @media print{body{max-width:none;padding:0;font-size:11px}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
            .pill,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}section.scenario,.trend,table,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
            """;
}
