package gameday.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.GameDayException;
import gameday.harness.journal.Json;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportsTest {
    @TempDir
    Path runs;

    static List<String> all(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static Document xml(Path f) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
    }

    static List<JsonNode> allureResults(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<JsonNode> out = new ArrayList<>();
            for (Path f : s.filter(p -> p.toString().endsWith("-result.json")).sorted().toList()) out.add(Json.MAPPER.readTree(f.toFile()));
            return out;
        }
    }

    @Test
    void aValidRunWithHistoryShowsFiguresTimelineInOrderAndTrend() throws Exception {
        for (int d = 1; d <= 3; d++) {
            Journal old = Journals.run(runs, "run-" + d, d);
            Journals.valid(old, "drop-table", new long[] {7_000, 7_500, 9_000}[d - 1], 0);
            old.save();
        }
        Journal later = Journals.run(runs, "run-9", 9); // started after the run we render: not part of its trend
        Journals.valid(later, "drop-table", 60_000, 0);
        later.save();
        Journal j = Journals.run(runs, "run-4", 4);
        Journals.valid(j, "drop-table", 8_046, 0);
        j.save();
        Journals.files(j, "drop-table");

        Reports.Written w = Reports.write(Journal.read(runs.resolve("run-4")), null, null);
        assertEquals(runs.resolve("run-4").resolve("report.html"), w.html());
        String html = Files.readString(w.html());
        assertTrue(html.contains("<div class=\"headline\">PASS</div>"), "verdict banner");
        assertTrue(html.contains("1 of 1 scenario reached the expected verdict"));
        // the recovery timeline: the phases from the fault on, in the order they ran
        List<String> timeline = all(html, "data-phase=\"([^\"]+)\"");
        assertEquals(Journals.ALL_PHASES.subList(2, Journals.ALL_PHASES.size()), timeline);
        assertTrue(html.contains(">RTO 8.0 s</text>"), "RTO window labelled on the timeline");
        assertTrue(html.contains(">fault</text>") && html.contains(">service back</text>"));
        // RTO and RPO against targets
        assertTrue(html.contains("<title>RTO: 8.0 s, target 20.0 min</title>"), html);
        assertTrue(html.contains("<title>RPO time: 0 ms, target 10.0 s</title>"));
        assertTrue(html.contains("<title>RPO writes lost: 0, target 0</title>"));
        // consistency figures
        assertTrue(html.contains("data-figure=\"rows\">905<"));
        assertTrue(html.contains("data-figure=\"objects\">906<"));
        assertTrue(html.contains("data-figure=\"dangling\">0<"));
        assertTrue(html.contains("data-figure=\"orphan\">1<"));
        // environment: versions, sizes, machine
        assertTrue(html.contains("postgres (PostgreSQL) 15.18"));
        assertTrue(html.contains("barman-cloud-backup 3.4.0"));
        assertTrue(html.contains("22.1 MiB"));
        assertTrue(html.contains("4 segments (64.0 MiB of WAL)"));
        assertTrue(html.contains("<th>cores</th><td>2</td>"));
        // trend: three earlier runs, oldest first, this run last; the later run is not in it
        assertTrue(html.contains("3 earlier runs from "));
        assertTrue(html.contains("<b>RTO</b> now 8.0 s · min 7.0 s · max 9.0 s · target 20.0 min (off the chart) · measured in 4 of 4 runs"), html);
        String trendHtml = html.substring(html.indexOf("id=\"trend\""));
        assertEquals(List.of("RTO, oldest first: 7.0 s, 7.5 s, 9.0 s, 8.0 s", "RPO time, oldest first: 0 ms, 0 ms, 0 ms, 0 ms"),
                all(trendHtml, "<polyline[^>]*><title>([^<]+)</title>"));
        assertEquals(4, all(trendHtml, "<polyline class=\"trendline\" points=\"([^\"]+)\"").get(0).split(" ").length, "a point per run");
        assertEquals(List.of("run-4: 8.0 s", "run-4: 0 ms"), all(trendHtml, "<circle[^>]*><title>([^<]+)</title>"), "this run is marked");
        assertFalse(html.contains("run-9"));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing fetched from the network");
        // deterministic: the same journal renders to the same bytes
        assertEquals(html, HtmlReport.render(Journal.read(runs.resolve("run-4")), w.trend()));

        String md = Files.readString(w.markdown());
        assertTrue(md.startsWith("### ✅ Game day `run-4`: PASS — 1 of 1 scenario reached the expected verdict"), md);
        assertTrue(md.contains("| drop-table | ✅ valid | 8.0 s / 20.0 min | 0 / 0 | 0 ms / 10.0 s | 0 | 9.0 s → 8.0 s |  |"), md);
        assertTrue(md.contains("3 earlier runs in the trend. Full report with timelines: [report.html](report.html)"), md);

        Document junit = xml(w.junit());
        Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
        assertEquals("1", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        Element tc = (Element) junit.getElementsByTagName("testcase").item(0);
        assertEquals("drop-table", tc.getAttribute("name"));
        assertEquals(0, tc.getElementsByTagName("failure").getLength());
        assertTrue(tc.getElementsByTagName("system-out").item(0).getTextContent().contains("rtoMs = 8046"));

        List<JsonNode> results = allureResults(w.allure());
        assertEquals(1, results.size());
        JsonNode r = results.get(0);
        assertEquals("drop-table", r.path("name").asText());
        assertEquals("passed", r.path("status").asText());
        List<String> steps = new ArrayList<>();
        r.path("steps").forEach(s -> steps.add(s.path("name").asText()));
        List<String> expected = new ArrayList<>(Journals.ALL_PHASES);
        expected.add(2, "fault: DROP TABLE objects"); // between steady-state and detect, where it happened
        assertEquals(expected, steps);
        JsonNode check = r.path("steps").get(steps.indexOf("check"));
        assertEquals("check rpo: valid", check.path("steps").get(0).path("name").asText());
        JsonNode detect = r.path("steps").get(steps.indexOf("detect"));
        assertEquals("detected: the objects table is gone", detect.path("steps").get(0).path("name").asText());
        List<String> attachments = new ArrayList<>();
        for (JsonNode a : r.path("attachments")) {
            attachments.add(a.path("name").asText());
            assertTrue(Files.isRegularFile(w.allure().resolve(a.path("source").asText())), "attachment file " + a);
        }
        assertEquals(List.of("journal.json", "history.jsonl", "log 001-initdb-pg-main.log", "log 002-postgres-pg-main.log"), attachments);
        String history = Files.readString(w.allure().resolve(r.path("attachments").get(1).path("source").asText()));
        assertEquals(Files.readString(runs.resolve("run-4/drop-table/history.jsonl")), history);
        assertTrue(Files.readString(w.allure().resolve("environment.properties")).contains("postgresVersion=postgres (PostgreSQL) 15.18"));

        // a re-render replaces the Allure results instead of adding to them
        Reports.write(runs.resolve("run-4"), null, null);
        assertEquals(1, allureResults(w.allure()).size());
    }

    @Test
    void aFailedRunSaysWhyAndHasNoRto() throws Exception {
        Journal j = Journals.run(runs, "run-1", 1);
        Journals.valid(j, "drop-table", 8_000, 0);
        String error = "phase replay-wal failed: barman-cloud-wal-restore failed with exit code 1";
        Journals.failed(j, "cluster-destroyed", error);
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        String html = Files.readString(w.html());
        assertTrue(html.contains("<div class=\"headline\">FAIL</div>"));
        assertTrue(html.contains("1 of 2 scenarios reached the expected verdict"));
        assertTrue(html.contains("<p class=\"reason\">" + error + "</p>"));
        assertTrue(html.contains("<title>RTO: not measured, target 20.0 min</title>"));
        assertTrue(html.contains("Not checked (the scenario did not reach the checks)."));
        assertTrue(html.contains("Nothing recorded (the environment was not built)."));
        String failedSection = html.substring(html.indexOf("id=\"s1\""));
        assertEquals(List.of("detect", "fence", "flush-wal", "restore-base", "replay-wal"), all(failedSection.substring(0, failedSection.indexOf("</section>")), "data-phase=\"([^\"]+)\""));
        assertTrue(failedSection.contains("class=\"bar failed\""), "the failed phase is marked");

        String md = Files.readString(w.markdown());
        assertTrue(md.startsWith("### ❌ Game day `run-1`: FAIL"), md);
        assertTrue(md.contains("| cluster-destroyed | ❌ invalid | - / 20.0 min | - / 0 | - / 10.0 s | - | first run | " + error + " |"), md);

        Document junit = xml(w.junit());
        assertEquals("1", ((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("failures"));
        NodeList failures = junit.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        Element f = (Element) failures.item(0);
        assertEquals("cluster-destroyed", ((Element) f.getParentNode()).getAttribute("name"));
        assertEquals("failed", f.getAttribute("type"));
        assertEquals(error, f.getAttribute("message"));

        JsonNode r = allureResults(w.allure()).stream().filter(n -> n.path("name").asText().equals("cluster-destroyed")).findFirst().orElseThrow();
        assertEquals("broken", r.path("status").asText());
        assertEquals(error, r.path("statusDetails").path("message").asText());
        JsonNode last = r.path("steps").get(r.path("steps").size() - 1);
        assertEquals("check procedure: unknown", last.path("name").asText());
    }

    @Test
    void anAbortedRunShowsTheLastPhaseReached() throws Exception {
        Journal j = Journals.run(runs, "run-1", 1);
        Journals.aborted(j, "drop-table");
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        String html = Files.readString(w.html());
        assertTrue(html.contains("<div class=\"headline\">ABORTED</div>"), html);
        assertTrue(html.contains("The harness died during this run"));
        assertTrue(html.contains("aborted in phase replay-wal"));
        assertTrue(html.contains(">not finished</text>"));
        assertTrue(html.contains("class=\"bar open broken\""));
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("| drop-table | ⚠️ unknown |"), md);
        Element f = (Element) xml(w.junit()).getElementsByTagName("failure").item(0);
        assertEquals("aborted", f.getAttribute("type"));
        assertEquals("aborted in phase replay-wal", f.getAttribute("message"));
        JsonNode r = allureResults(w.allure()).get(0);
        assertEquals("broken", r.path("status").asText());
        JsonNode open = r.path("steps").get(r.path("steps").size() - 1);
        assertEquals("replay-wal", open.path("name").asText());
        assertEquals("broken", open.path("status").asText());
    }

    @Test
    void aMissedTargetIsAFailureWithTheTargetReason() throws Exception {
        Journal j = Journals.run(runs, "run-1", 1);
        var s = Journals.valid(j, "drop-table", 1_500_000, 0);
        s.checks.removeIf(c -> c.checker().equals("targets"));
        s.checks.add(gameday.harness.check.Verdict.of("targets", java.util.Map.of("rtoMs", 1_500_000), List.of("RTO 1500000 ms > target 1200000 ms")));
        s.verdict = "invalid";
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        String html = Files.readString(w.html());
        assertTrue(html.contains("<div class=\"headline\">FAIL</div>"));
        assertTrue(html.contains("<title>RTO: 25.0 min, target 20.0 min</title>"));
        assertTrue(html.contains("class=\"bar over\""), "RTO bar over its target");
        assertTrue(html.contains("<p class=\"reason\">RTO 1500000 ms &gt; target 1200000 ms</p>"));
        Element f = (Element) xml(w.junit()).getElementsByTagName("failure").item(0);
        assertEquals("invalid", f.getAttribute("type"));
        assertEquals("RTO 1500000 ms > target 1200000 ms", f.getAttribute("message"));
        assertEquals("failed", allureResults(w.allure()).get(0).path("status").asText());
    }

    @Test
    void aParallelRunSaysItsFiguresWereMeasuredInParallelAndASerialOneDoesNot() throws Exception {
        Journal serial = Journals.run(runs, "run-1", 1);
        serial.environment.put("parallel", 1);
        Journals.valid(serial, "drop-table", 8_000, 0);
        serial.save();
        Reports.Written s = Reports.write(serial, null, null);
        for (Path f : List.of(s.html(), s.markdown())) assertFalse(Files.readString(f).contains("in parallel"), f.toString());
        assertFalse(TextSummary.render(serial).contains("in parallel"));

        Journal parallel = Journals.run(runs, "run-2", 2);
        parallel.environment.put("parallel", 2);
        parallel.environment.put("loadAverageAtStart", "3.10 2.00 1.50");
        parallel.environment.put("loadAverageAtEnd", "2.40 2.10 1.60");
        Journals.valid(parallel, "drop-table", 8_000, 0);
        parallel.save();
        Reports.Written p = Reports.write(parallel, null, null);
        String line = "figures measured with 2 scenarios in parallel (load average 3.10 at start, 2.40 at end)";
        assertTrue(Files.readString(p.html()).contains(line), "html banner");
        assertTrue(Files.readString(p.markdown()).contains(line), "markdown");
        assertTrue(TextSummary.render(parallel).contains(line), "text summary");
    }

    @Test
    void withoutEarlierRunsTheTrendSaysSo() throws Exception {
        Journal j = Journals.run(runs, "run-1", 1);
        Journals.valid(j, "drop-table", 8_000, 0);
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        assertEquals(0, w.trend().earlierRuns());
        String html = Files.readString(w.html());
        assertTrue(html.contains("No earlier runs found in " + runs + ": this run is the first point of the trend."));
        assertTrue(html.contains("measured in 1 of 1 runs"));
        assertTrue(Files.readString(w.markdown()).contains("| first run |"));
    }

    @Test
    void unknownSchemaOrCorruptJournalsAreRefusedWithAClearMessageAndSkippedInHistory() throws Exception {
        Path future = Files.createDirectories(runs.resolve("future"));
        Files.writeString(future.resolve("journal.json"), "{\"schemaVersion\": 2, \"runId\": \"future\"}");
        GameDayException e = assertThrows(GameDayException.class, () -> Reports.write(future, null, null));
        assertTrue(e.getMessage().contains("has journal schema version 2; this gameday reads version 1"), e.getMessage());
        assertFalse(Files.exists(future.resolve("report.html")));

        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve("journal.json"), "{\"schemaVersion\": 1, \"runId\": \"bro");
        e = assertThrows(GameDayException.class, () -> Reports.write(broken, null, null));
        assertTrue(e.getMessage().contains("is not a readable journal (corrupt or truncated)"), e.getMessage());

        // as history, both are skipped and named; the report is still written
        Journal j = Journals.run(runs, "run-1", 1);
        Journals.valid(j, "drop-table", 8_000, 0);
        j.save();
        String html = Files.readString(Reports.write(j, null, null).html());
        assertTrue(html.contains("Skipped unreadable journals: broken, future"), html);
    }

    @Test
    void journalTextIsEscapedEverywhere() throws Exception {
        Journal j = Journals.run(runs, "run-1", 1);
        String evil = "<script>alert('x')</script> & \"quotes\" | pipe\nnewline";
        Journals.failed(j, "<img src=x onerror=alert(1)>", evil);
        j.environment.put("note", "</td><script>bad()</script>");
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        String html = Files.readString(w.html());
        assertFalse(html.contains("<script"), "raw script tag in the HTML");
        assertFalse(html.contains("<img"), "raw img tag in the HTML");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
        String md = Files.readString(w.markdown());
        assertFalse(md.contains("<script") || md.contains("<img"), md);
        assertTrue(md.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"quotes\" \\| pipe newline |"), md);
        Element f = (Element) xml(w.junit()).getElementsByTagName("failure").item(0); // parses: the XML is well-formed
        assertTrue(f.getTextContent().contains(evil));
        assertEquals("<img src=x onerror=alert(1)>", ((Element) f.getParentNode()).getAttribute("name"));
    }

    /** A negative control passes when it is invalid as expected, and fails the run when the checker misses it. */
    @Test
    void aNegativeControlPassesOnlyWhenCaught() throws Exception {
        Journal j = Journals.run(runs, "run-nc", 1);
        ScenarioRecord caught = Journals.valid(j, "gc-too-eager", 8_000, 0);
        caught.expectedVerdict = "invalid";
        caught.verdict = "invalid";
        j.save();
        Reports.Written w = Reports.write(j, null, null);
        assertTrue(Files.readString(w.html()).contains("<div class=\"headline\">PASS</div>"));
        assertTrue(Files.readString(w.markdown()).contains("invalid (expected)"));
        assertEquals(0, xml(w.junit()).getElementsByTagName("failure").getLength());

        caught.verdict = "valid"; // the checker no longer catches the failure
        j.save();
        w = Reports.write(j, null, null);
        assertTrue(Files.readString(w.html()).contains("<div class=\"headline\">FAIL</div>"));
        assertEquals(1, xml(w.junit()).getElementsByTagName("failure").getLength());
    }
}
