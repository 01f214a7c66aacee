package gameday.reports;

import static gameday.reports.ReportFormat.md;

import gameday.harness.journal.Journal;
import java.util.List;
import java.util.Map;

/**
 * A drill's evidence in the HTML and Markdown reports: what was restored, from where (never a
 * credential), onto what, when and with which tool, every check, the SHA-256 of the journal, and
 * which figure is evidence toward which requirement — worded as evidence, not as a claim.
 */
final class EvidenceSection {
    private EvidenceSection() {}

    static void html(Html h, Journal j, String journalSha) {
        Map<String, Object> e = j.evidence;
        if (e == null) return;
        h.raw("<section id=\"evidence\"><h2>Evidence</h2>\n<table class=\"facts\">");
        fact(h, "from", e.get("from"));
        for (Object r : list(e.get("restored"))) fact(h, "restored", r);
        fact(h, "onto", e.get("onto"));
        fact(h, "when", e.get("when"));
        fact(h, "tool", e.get("tool"));
        if (journalSha != null) fact(h, "journal.json SHA-256", journalSha);
        h.raw("</table>\n<h3>Checks</h3>\n<table class=\"summary\"><thead><tr><th>record</th><th>check</th><th>verdict</th><th>reasons</th></tr></thead><tbody>");
        for (Object o : list(e.get("checks"))) {
            Map<?, ?> c = (Map<?, ?>) o;
            h.raw("<tr><td>").text(c.get("record")).raw("</td><td>").text(c.get("check")).raw("</td><td>").text(c.get("verdict")).raw("</td><td>")
                    .text(c.get("reasons") == null ? "" : String.join("; ", (List<String>) c.get("reasons"))).raw("</td></tr>");
        }
        h.raw("</tbody></table>\n<h3>Which figure is evidence toward which requirement</h3>\n<table class=\"summary\"><thead><tr><th>requirement</th>"
                + "<th>asks for</th><th>evidence in this report</th></tr></thead><tbody>");
        for (Object o : list(e.get("requirements"))) {
            Map<?, ?> r = (Map<?, ?>) o;
            h.raw("<tr><td>").text(r.get("requirement")).raw("</td><td>").text(r.get("asks")).raw("</td><td>").text(r.get("evidence")).raw("</td></tr>");
        }
        h.raw("</tbody></table>\n<p>").text(e.get("disclaimer")).raw("</p></section>\n");
    }

    static void markdown(StringBuilder b, Journal j, String journalSha) {
        Map<String, Object> e = j.evidence;
        if (e == null) return;
        b.append("\n#### Evidence\n\n");
        b.append("- from: ").append(md(String.valueOf(e.get("from")))).append('\n');
        for (Object r : list(e.get("restored"))) b.append("- restored: ").append(md(String.valueOf(r))).append('\n');
        b.append("- onto: ").append(md(String.valueOf(e.get("onto")))).append('\n');
        b.append("- when: ").append(md(String.valueOf(e.get("when")))).append('\n');
        b.append("- tool: ").append(md(String.valueOf(e.get("tool")))).append('\n');
        if (journalSha != null) b.append("- journal.json SHA-256: `").append(journalSha).append("`\n");
        b.append("\n| record | check | verdict | reasons |\n|---|---|---|---|\n");
        for (Object o : list(e.get("checks"))) {
            Map<?, ?> c = (Map<?, ?>) o;
            b.append("| ").append(md(String.valueOf(c.get("record")))).append(" | ").append(md(String.valueOf(c.get("check")))).append(" | ")
                    .append(md(String.valueOf(c.get("verdict")))).append(" | ")
                    .append(md(c.get("reasons") == null ? "" : String.join("; ", (List<String>) c.get("reasons")))).append(" |\n");
        }
        b.append("\n| requirement | asks for | evidence in this report |\n|---|---|---|\n");
        for (Object o : list(e.get("requirements"))) {
            Map<?, ?> r = (Map<?, ?>) o;
            b.append("| ").append(md(String.valueOf(r.get("requirement")))).append(" | ").append(md(String.valueOf(r.get("asks")))).append(" | ")
                    .append(md(String.valueOf(r.get("evidence")))).append(" |\n");
        }
        b.append('\n').append(md(String.valueOf(e.get("disclaimer")))).append('\n');
    }

    private static void fact(Html h, String k, Object v) {
        h.raw("<tr><th>").text(k).raw("</th><td>").text(v).raw("</td></tr>");
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
