package gameday.reports;

import static gameday.reports.ReportFormat.millis;

import gameday.harness.journal.ScenarioRecord;
import gameday.harness.journal.ScenarioRecord.PhaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The inline SVG charts of the HTML report: the recovery timeline (a Gantt chart from the fault
 * on, and a strip of the whole scenario), a figure against its target, and a figure across runs.
 * Times are run-clock milliseconds from the start of the scenario.
 */
final class SvgCharts {
    private SvgCharts() {}

    private static final int W = 900, LABEL = 150, RIGHT = 80;

    /** The recovery as a Gantt chart to scale, fault and "service back" marked, plus a strip of the whole scenario. */
    static void timeline(Html h, ScenarioRecord s, String status) {
        if (s.phases.isEmpty()) {
            h.raw("<p class=\"meta\">No phase was recorded.</p>\n");
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
        double x1 = W - RIGHT;
        double span = to - from;
        Function<Double, Double> x = ms -> LABEL + (ms - from) / span * (x1 - LABEL);
        h.raw("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").num(W).raw(' ').num(height).raw("\" width=\"100%\">")
                .raw("<title>").text(s.name).raw(" recovery timeline</title>\n");
        ticks(h, from, to, x, top - 6, top + rows.size() * rowH);
        if (s.faultAtMs != null && s.restoredAtMs != null) {
            double a = x.apply(s.faultAtMs), b = x.apply(s.restoredAtMs);
            h.raw("<rect class=\"rto-window\" x=\"").px(a).raw("\" y=\"").num(top - 6).raw("\" width=\"").px(Math.max(b - a, 1))
                    .raw("\" height=\"").num(rows.size() * rowH + 6).raw("\"/>");
            h.raw("<text class=\"rto-label\" x=\"").px((a + b) / 2).raw("\" y=\"").num(top - 12).raw("\" text-anchor=\"middle\">RTO ")
                    .text(millis(Math.round(s.restoredAtMs - s.faultAtMs))).raw("</text>\n");
        }
        int r = 0;
        for (PhaseRecord p : rows) {
            double y = top + r * rowH;
            boolean open = p.endMs() == null;
            double pe = open ? to : p.endMs();
            double bx = x.apply(p.startMs()), bw = Math.max(x.apply(pe) - bx, 1.5);
            String cls = open ? ("aborted".equals(status) || "failed".equals(status) ? "open broken" : "open") : "ok".equals(p.status()) ? "ok" : "failed";
            h.raw("<g class=\"phase\" data-phase=\"").text(p.name()).raw("\"><text class=\"lbl\" x=\"").num(LABEL - 8).raw("\" y=\"")
                    .px(y + rowH * 0.68).raw("\" text-anchor=\"end\">").text(p.name()).raw("</text>")
                    .raw("<rect class=\"bar ").raw(cls).raw("\" x=\"").px(bx).raw("\" y=\"").px(y + 3).raw("\" width=\"")
                    .px(bw).raw("\" height=\"").num(rowH - 6).raw("\"><title>").text(p.name()).raw(": ")
                    .text(millis(p.startMs() < 0 ? 0L : Math.round(p.startMs()))).raw(" → ");
            if (open) h.raw("(not finished)");
            else h.text(millis(Math.round(pe)));
            if (p.detail() != null) h.raw(" — ").text(p.detail());
            h.raw("</title></rect><text class=\"dur\" x=\"").px(Math.min(bx + bw + 4, x1 + 4)).raw("\" y=\"").px(y + rowH * 0.68).raw("\">");
            if (open) h.raw("not finished");
            else h.text(millis(Math.round(pe - p.startMs())));
            if (!open && !"ok".equals(p.status())) h.raw(' ').text(p.status());
            h.raw("</text></g>\n");
            r++;
        }
        if (s.faultAtMs != null) marker(h, x.apply(s.faultAtMs), top - 6, top + rows.size() * rowH, "fault", "fault");
        if (s.restoredAtMs != null) marker(h, x.apply(s.restoredAtMs), top - 6, top + rows.size() * rowH, "back", "service back");
        h.raw("</svg>\n");
        strip(h, s, scenarioEnd);
    }

    /** The whole scenario, to scale, as one strip. */
    private static void strip(Html h, ScenarioRecord s, double scenarioEnd) {
        double all = Math.max(scenarioEnd, 1);
        double x0 = LABEL, x1 = W - RIGHT;
        h.raw("<svg class=\"strip\" role=\"img\" viewBox=\"0 0 ").num(W).raw(" 34\" width=\"100%\"><title>").text(s.name)
                .raw(" whole scenario</title><text class=\"lbl\" x=\"").num(LABEL - 8).raw("\" y=\"19\" text-anchor=\"end\">whole scenario</text>");
        int k = 0;
        for (PhaseRecord p : s.phases) {
            double pe = p.endMs() == null ? scenarioEnd : p.endMs();
            double bx = x0 + Math.max(p.startMs(), 0) / all * (x1 - x0), bw = Math.max((pe - Math.max(p.startMs(), 0)) / all * (x1 - x0), 1);
            h.raw("<rect class=\"seg c").num(k++ % 4).raw(p.endMs() == null ? " open" : "").raw("\" x=\"").px(bx).raw("\" y=\"6\" width=\"").px(bw)
                    .raw("\" height=\"18\"><title>").text(p.name()).raw(' ').text(millis(Math.round(pe - p.startMs()))).raw("</title></rect>");
            if (bw > 9 * p.name().length()) h.raw("<text class=\"seglbl\" x=\"").px(bx + 3).raw("\" y=\"19\">").text(p.name()).raw("</text>");
        }
        if (s.faultAtMs != null) h.raw("<line class=\"fault\" x1=\"").px(x0 + s.faultAtMs / all * (x1 - x0)).raw("\" x2=\"")
                .px(x0 + s.faultAtMs / all * (x1 - x0)).raw("\" y1=\"2\" y2=\"28\"/>");
        h.raw("<text class=\"dur\" x=\"").px(x1 + 4).raw("\" y=\"19\">").text(millis(Math.round(scenarioEnd))).raw("</text></svg>\n");
    }

    private static void marker(Html h, double x, int y1, int y2, String cls, String label) {
        h.raw("<line class=\"").raw(cls).raw("\" x1=\"").px(x).raw("\" x2=\"").px(x).raw("\" y1=\"").num(y1)
                .raw("\" y2=\"").num(y2).raw("\"/><text class=\"mk ").raw(cls).raw("-t\" x=\"").px(x).raw("\" y=\"").num(y2 + 28)
                .raw("\" text-anchor=\"middle\">").text(label).raw("</text>\n");
    }

    private static void ticks(Html h, double from, double to, Function<Double, Double> x, int y1, int y2) {
        for (double t : tickValues(from, to)) {
            double tx = x.apply(t);
            h.raw("<line class=\"grid\" x1=\"").px(tx).raw("\" x2=\"").px(tx).raw("\" y1=\"").num(y1).raw("\" y2=\"").num(y2)
                    .raw("\"/><text class=\"tick\" x=\"").px(tx).raw("\" y=\"").num(y2 + 14).raw("\" text-anchor=\"middle\">")
                    .text(millis(Math.round(t))).raw("</text>");
        }
        h.raw('\n');
    }

    /** The labelled grid lines of a time axis from {@code from} to {@code to}: about six, a {@link #niceStep} apart. */
    static List<Double> tickValues(double from, double to) {
        double step = niceStep((to - from) / 6);
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(from / step) * step; t <= to + 1e-9; t += step) ticks.add(t);
        return ticks;
    }

    /** The smallest of 1, 2, 5 or 10 times a power of ten that is at least {@code raw}; 1 for nothing to divide. */
    static double niceStep(double raw) {
        if (raw <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** A measured figure as a bar, its target as a line; red when over the target. */
    static void gauge(Html h, String label, Long value, Long target, Function<Long, String> fmt) {
        double max = Math.max(1, Math.max(value == null ? 0 : value, target == null ? 0 : target)) * 1.15;
        double x0 = LABEL, x1 = W - 210;
        boolean over = value != null && target != null && value > target;
        String measured = value == null ? "not measured" : fmt.apply(value), goal = target == null ? "none" : fmt.apply(target);
        h.raw("<svg class=\"gauge\" role=\"img\" viewBox=\"0 0 ").num(W).raw(" 30\" width=\"100%\"><title>").text(label).raw(": ")
                .text(measured).raw(", target ").text(goal)
                .raw("</title><text class=\"lbl\" x=\"").num(LABEL - 8).raw("\" y=\"19\" text-anchor=\"end\">").text(label).raw("</text>")
                .raw("<rect class=\"track\" x=\"").px(x0).raw("\" y=\"7\" width=\"").px(x1 - x0).raw("\" height=\"16\"/>");
        if (value != null) {
            double vx = x0 + value / max * (x1 - x0);
            h.raw("<rect class=\"bar ").raw(over ? "over" : target == null ? "plain" : "under").raw("\" x=\"").px(x0).raw("\" y=\"7\" width=\"")
                    .px(Math.max(vx - x0, 1.5)).raw("\" height=\"16\"/>");
        }
        if (target != null) {
            double tx = x0 + target / max * (x1 - x0);
            h.raw("<line class=\"target\" x1=\"").px(tx).raw("\" x2=\"").px(tx).raw("\" y1=\"2\" y2=\"28\"/>");
        }
        h.raw("<text class=\"val").raw(over ? " over-t" : "").raw("\" x=\"").px(x1 + 8).raw("\" y=\"19\">")
                .text(measured).raw(" <tspan class=\"tgt\">/ target ").text(goal).raw("</tspan></text></svg>\n");
    }

    /** One figure across runs: a line with a point per run, the target dashed, and the figures in words. */
    static void spark(Html h, String what, List<Trend.Point> pts, Function<Trend.Point, Long> f, Long target) {
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
        h.raw("<figure class=\"spark\"><svg role=\"img\" viewBox=\"0 0 ").num(w).raw(' ').num(ht).raw("\" width=\"").num(w).raw("\"><title>")
                .text(what).raw(" across ").num(n).raw(" runs</title>");
        h.raw("<rect class=\"track\" x=\"").num(l).raw("\" y=\"").num(top).raw("\" width=\"").px(plotW).raw("\" height=\"").px(plotH).raw("\"/>");
        if (showTarget) {
            double ty = top + plotH - target / ymax * plotH;
            h.raw("<line class=\"target\" x1=\"").num(l).raw("\" x2=\"").px(l + plotW).raw("\" y1=\"").px(ty).raw("\" y2=\"").px(ty).raw("\"/>");
        }
        Html line = new Html(256);
        Html dots = new Html(256);
        for (int i = 0; i < n; i++) {
            Trend.Point p = pts.get(i);
            Long v = f.apply(p);
            if (v == null) continue;
            double px = l + (n == 1 ? plotW / 2 : i * plotW / (n - 1));
            double py = top + plotH - v / ymax * plotH;
            if (!line.isEmpty()) line.raw(' ');
            line.px(px).raw(',').px(py);
            // a dot (with its run and value) for this run and for every run that was not valid; the line carries the rest
            if (p.current() || !"valid".equals(p.verdict())) dots.raw("<circle class=\"pt v-").text(p.verdict()).raw(p.current() ? " now" : "")
                    .raw("\" cx=\"").px(px).raw("\" cy=\"").px(py).raw("\" r=\"").num(p.current() ? 4 : 2.5).raw("\"><title>").text(p.runId()).raw(": ")
                    .text(millis(v)).raw("</title></circle>");
        }
        if (measured > 1) h.raw("<polyline class=\"trendline\" points=\"").html(line).raw("\"><title>").text(what).raw(", oldest first: ")
                .text(trail(pts, f)).raw("</title></polyline>");
        h.html(dots).raw("<text class=\"tick\" x=\"").num(l).raw("\" y=\"").num(ht - 6).raw("\">").num(n).raw(" runs</text>")
                .raw("</svg><figcaption><b>").text(what).raw("</b> now ").text(millis(now));
        if (measured > 0) h.raw(" · min ").text(millis(min)).raw(" · max ").text(millis(maxV));
        h.raw(" · target ").text(target == null ? "none" : millis(target)).raw(showTarget || target == null ? "" : " (off the chart)")
                .raw(" · measured in ").num(measured).raw(" of ").num(n).raw(" runs</figcaption></figure>\n");
    }

    /** The figures of the last runs in words, for the tooltip of a trend line. */
    private static String trail(List<Trend.Point> pts, Function<Trend.Point, Long> f) {
        StringBuilder b = new StringBuilder();
        int from = Math.max(0, pts.size() - 12);
        if (from > 0) b.append("… ");
        for (int i = from; i < pts.size(); i++) b.append(i == from ? "" : ", ").append(millis(f.apply(pts.get(i))));
        return b.toString();
    }
}
