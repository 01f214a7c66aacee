package gameday.reports;

import static gameday.reports.Html.escape;

import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.time.Duration;
import java.time.format.DateTimeFormatter;

/**
 * JUnit XML so CI systems show a game day as tests: one testcase per scenario, a failure with
 * the reason when the scenario is not valid (type = the verdict, or the status when the
 * procedure did not complete), and the phases as system-out.
 */
public final class JUnitReport {
    private JUnitReport() {}

    public static String render(Journal j) {
        int failures = 0;
        for (ScenarioRecord s : j.scenarios) if (!s.asExpected()) failures++;
        double total = j.started != null && j.finished != null ? Duration.between(j.started, j.finished).toMillis() / 1000.0 : 0;
        StringBuilder x = new StringBuilder(512 + j.scenarios.size() * 1024);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"gameday\" tests=\"").append(j.scenarios.size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" time=\"").append(secs(total)).append("\">\n");
        x.append("  <testsuite name=\"gameday.").append(escape(j.runId)).append("\" tests=\"").append(j.scenarios.size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"0\" time=\"").append(secs(total)).append('"');
        if (j.started != null) x.append(" timestamp=\"").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(j.started.atOffset(java.time.ZoneOffset.UTC)).replaceAll("\\.\\d+$", "")).append('"');
        x.append(" hostname=\"").append(escape(j.environment.getOrDefault("host", "localhost"))).append("\">\n");
        x.append("    <properties>\n");
        prop(x, "runId", j.runId);
        prop(x, "status", j.status);
        prop(x, "substrate", j.substrate);
        prop(x, "schemaVersion", j.schemaVersion);
        j.environment.forEach((k, v) -> prop(x, "environment." + k, v));
        x.append("    </properties>\n");
        for (ScenarioRecord s : j.scenarios) {
            double t = s.started != null && s.finished != null ? Duration.between(s.started, s.finished).toMillis() / 1000.0 : 0;
            x.append("    <testcase classname=\"gameday.").append(escape(j.substrate)).append("\" name=\"").append(escape(s.name)).append("\" time=\"").append(secs(t)).append("\">\n");
            String verdict = ReportFormat.verdict(s);
            if (!s.asExpected()) {
                String status = ReportFormat.status(j, s);
                String type = "completed".equals(status) ? verdict : status;
                String reason = HtmlReport.reason(j, s);
                if (reason.isEmpty()) reason = "verdict " + verdict + ", status " + status;
                x.append("      <failure type=\"").append(escape(type)).append("\" message=\"").append(escape(reason)).append("\">");
                StringBuilder body = new StringBuilder("verdict: ").append(verdict).append("\nstatus: ").append(status).append('\n');
                if (s.error != null) body.append("error: ").append(s.error).append('\n');
                s.checks.forEach(c -> {
                    if (!c.valid()) body.append(c.checker()).append(": ").append(c.validity().json()).append(' ').append(c.reasons()).append('\n');
                });
                x.append(escape(body)).append("</failure>\n");
            }
            x.append("      <system-out>");
            StringBuilder out = new StringBuilder();
            s.measurements.forEach((k, v) -> {
                if (!(v instanceof java.util.Map)) out.append(k).append(" = ").append(v).append('\n');
            });
            for (ScenarioRecord.PhaseRecord p : s.phases)
                out.append("phase ").append(p.name()).append(": ").append(p.endMs() == null ? "not finished" : Math.round(p.endMs() - p.startMs()) + " ms " + p.status())
                        .append(p.detail() == null ? "" : " (" + p.detail() + ")").append('\n');
            x.append(escape(out)).append("</system-out>\n    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static void prop(StringBuilder x, String k, Object v) {
        x.append("      <property name=\"").append(escape(k)).append("\" value=\"").append(escape(v)).append("\"/>\n");
    }

    private static String secs(double s) {
        long ms = Math.round(s * 1000);
        return ms / 1000 + "." + String.valueOf(1000 + ms % 1000).substring(1);
    }
}
