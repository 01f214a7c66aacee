package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.journal.Json;
import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.Credentials;
import gameday.reports.TextSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One real game day through the CLI ({@code gameday run drop-table}), then every report it wrote
 * is checked against its journal, re-rendered with {@code gameday report}, and every file the run
 * left — reports, journal, history, process logs, the S3 and data directories — and everything
 * the command printed is searched for the environment's credentials.
 */
class RunWritesReportsTest {
    @TempDir
    static Path runs;

    /** Outside the runs directory, so nothing here shows up in the run's trend. */
    @TempDir
    static Path elsewhere;

    static int exit;
    static String stdout, stderr;
    static List<String> secrets;
    static Path runDir;
    static Journal journal;

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @BeforeAll
    static void aRealGameDay() throws Exception {
        Result[] r = new Result[1];
        secrets = Credentials.capture(() -> r[0] = cli("run", "drop-table", "--runs-dir", runs.toString()));
        exit = r[0].exit();
        stdout = r[0].out();
        stderr = r[0].err();
        try (Stream<Path> s = Files.list(runs)) {
            runDir = s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError("no run directory; stderr:\n" + stderr));
        }
        journal = Journal.read(runDir);
    }

    static List<String> all(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void theRunWritesEveryReportAndTheyAgreeWithTheJournal() throws Exception {
        assertEquals(Main.OK, exit, () -> "stdout:\n" + stdout + "\nstderr:\n" + stderr);
        assertTrue(stdout.contains("report: " + runDir.resolve("report.html")), stdout);
        ScenarioRecord s = journal.scenarios.get(0);
        assertEquals("valid", s.verdict);
        @SuppressWarnings("unchecked")
        var env = (java.util.Map<String, Object>) s.measurements.get("environment");
        assertTrue(String.valueOf(env.get("postgresVersion")).contains("PostgreSQL"), "PostgreSQL version in the journal: " + env);
        assertTrue(String.valueOf(env.get("barmanVersion")).startsWith("barman-cloud-backup "), "barman version in the journal: " + env);
        assertEquals(java.util.Map.of("cloned", false), env.get("steadyState"), "one scenario takes its own base backup, no golden");

        String html = Files.readString(runDir.resolve("report.html"));
        assertTrue(html.contains("<div class=\"headline\">PASS</div>"));
        long rto = ((Number) s.measurements.get("rtoMs")).longValue();
        assertTrue(html.contains("<title>RTO: " + TextSummary.millis(rto) + ", target 20.0 min</title>"), "RTO bar with target");
        List<String> afterFault = s.phases.stream().filter(p -> p.endMs() != null && p.endMs() > s.faultAtMs).map(ScenarioRecord.PhaseRecord::name).toList();
        assertEquals(afterFault, all(html, "data-phase=\"([^\"]+)\""), "timeline in the order the phases ran");
        assertTrue(afterFault.containsAll(List.of("detect", "restore-base", "replay-wal", "promote", "verify", "switchover")), afterFault.toString());
        Verdict consistency = s.checks.stream().filter(c -> c.checker().equals("consistency")).findFirst().orElseThrow();
        for (String k : List.of("rows", "objects", "dangling", "corrupt", "orphan"))
            assertTrue(html.contains("data-figure=\"" + k + "\">" + String.format(java.util.Locale.ROOT, "%,d", consistency.figure(k).getAsLong()) + "<"), k);
        assertTrue(html.contains(String.valueOf(env.get("postgresVersion"))));
        assertTrue(html.contains("No earlier runs found"), "the first run in this runs directory");

        String md = Files.readString(runDir.resolve("report.md"));
        assertTrue(md.contains("| drop-table | ✅ valid | " + TextSummary.millis(rto) + " / 20.0 min |"), md);

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(runDir.resolve("junit.xml").toFile());
        Element tc = (Element) junit.getElementsByTagName("testcase").item(0);
        assertEquals("drop-table", tc.getAttribute("name"));
        assertEquals(0, tc.getElementsByTagName("failure").getLength());

        Path allure = runDir.resolve("allure-results");
        JsonNode result;
        try (Stream<Path> f = Files.list(allure)) {
            result = Json.MAPPER.readTree(f.filter(p -> p.toString().endsWith("-result.json")).findFirst().orElseThrow().toFile());
        }
        assertEquals("passed", result.path("status").asText());
        List<String> steps = new ArrayList<>();
        result.path("steps").forEach(n -> steps.add(n.path("name").asText()));
        assertEquals(s.phases.stream().map(ScenarioRecord.PhaseRecord::name).toList(), steps.stream().filter(n -> !n.startsWith("fault: ")).toList());
        List<String> attachments = new ArrayList<>();
        result.path("attachments").forEach(n -> attachments.add(n.path("name").asText()));
        long logs;
        try (Stream<Path> l = Files.list(runDir.resolve("drop-table/env/logs"))) {
            logs = l.count();
        }
        assertTrue(logs > 3);
        assertEquals(2 + logs, attachments.size(), attachments.toString());
        assertEquals(List.of("journal.json", "history.jsonl"), attachments.subList(0, 2));
    }

    @Test
    void noCredentialAppearsInAnyFileOfTheRunOrInWhatItPrinted() throws Exception {
        // a run of one scenario builds no golden steady state: one environment, its own three credentials
        assertEquals(3, secrets.size(), "access key, secret key and database password of the scenario's environment");
        for (String secret : secrets) assertTrue(secret.length() >= 20, "a real random credential");
        List<Path> files;
        try (Stream<Path> s = Files.walk(runs)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().contains("/env/logs/")), "process logs are searched");
        assertTrue(files.stream().anyMatch(f -> f.toString().contains("/allure-results/")), "reports are searched");
        assertTrue(files.size() > 20, "the whole run directory is searched: " + files.size());
        List<String> leaks = new ArrayList<>();
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) if (content.contains(secret)) leaks.add(runs.relativize(f).toString());
        }
        for (String secret : secrets) if (stdout.contains(secret) || stderr.contains(secret)) leaks.add("(console output)");
        assertEquals(List.of(), leaks, "files that contain a credential");
    }

    @Test
    void reportReRendersTheSameReportsFromTheJournal() throws Exception {
        Path out = elsewhere.resolve("rerendered");
        Result r = cli("report", runDir.toString(), "--out", out.toString());
        assertEquals(Main.OK, r.exit(), r.err());
        assertEquals(Files.readString(runDir.resolve("report.html")), Files.readString(out.resolve("report.html")));
        assertEquals(Files.readString(runDir.resolve("report.md")), Files.readString(out.resolve("report.md")));
        assertEquals(Files.readString(runDir.resolve("junit.xml")), Files.readString(out.resolve("junit.xml")));
        assertTrue(r.out().contains("report: " + out.resolve("report.html")), r.out());
    }

    @Test
    void anUnknownSchemaOrACorruptJournalExitsTwoWithOneLine() throws Exception {
        Path bad = elsewhere.resolve("bad");
        Path future = Files.createDirectories(bad.resolve("future"));
        Files.writeString(future.resolve("journal.json"), Files.readString(runDir.resolve("journal.json")).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 7"));
        Result r = cli("report", future.toString());
        assertEquals(Main.USAGE, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("gameday: error: ") && r.err().contains("has journal schema version 7; this gameday reads version 1"), r.err());
        assertFalse(Files.exists(future.resolve("report.html")));

        Path torn = Files.createDirectories(bad.resolve("torn"));
        String json = Files.readString(runDir.resolve("journal.json"));
        Files.writeString(torn.resolve("journal.json"), json.substring(0, json.length() / 2));
        r = cli("report", runDir.toString(), torn.toString());
        assertEquals(Main.USAGE, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is not a readable journal (corrupt or truncated)"), r.err());
    }
}
