package gameday.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium: no network request, no console error, the key
 * numbers visible, a dark theme. The screenshots stay in target/chromium/ as test artefacts.
 */
class HtmlInChromiumTest {
    static final Path OUT = Path.of("target", "chromium");

    @TempDir
    Path runs;

    @TempDir
    Path profile;

    @BeforeAll
    static void chromium() {
        Chromium.require();
    }

    @Test
    void theReportLoadsNothingLogsNoErrorAndShowsTheKeyNumbers() throws Exception {
        for (int d = 1; d <= 5; d++) {
            Journal old = Journals.run(runs, "run-" + d, d);
            Journals.valid(old, "drop-table", 7_000 + d * 400L, d == 3 ? 1_200 : 0);
            old.save();
        }
        Journal j = Journals.run(runs, "run-6", 6);
        Journals.valid(j, "drop-table", 8_046, 0);
        Journals.failed(j, "cluster-destroyed", "phase replay-wal failed: barman-cloud-wal-restore failed with exit code 1");
        j.save();
        Path out = Files.createDirectories(OUT);
        Reports.Written w = Reports.write(j, null, out);

        try (Chromium c = new Chromium(profile)) {
            Chromium.Page page = c.open(w.html());
            assertEquals(java.util.List.of(w.html().toUri().toString()), page.requests().stream().filter(u -> !u.startsWith("data:")).toList(),
                    "the only request is the report itself");
            assertEquals(java.util.List.of(), page.errors(), "console errors");
            String text = page.text();
            for (String visible : new String[] {"FAIL", "1 of 2 scenarios reached the expected verdict", "drop-table", "cluster-destroyed", "8.0 s", "20.0 min",
                    "905", "906", "phase replay-wal failed", "postgres (PostgreSQL) 15.18", "barman-cloud-backup 3.4.0", "5 earlier runs",
                    "min 7.4 s · max 9.0 s"})
                assertTrue(text.contains(visible), () -> "'" + visible + "' is not visible in:\n" + text);
            // the SVG timeline is laid out: its phase labels have a size on screen
            assertTrue(c.eval("[...document.querySelectorAll('g.phase')].filter(g => g.getBBox().width > 50).length").asInt() >= 8);
            assertEquals("RTO 8.0 s", c.eval("document.querySelector('.rto-label').textContent").asText());
            c.screenshot(out.resolve("report.png"));
            String light = c.eval("getComputedStyle(document.body).backgroundColor").asText();
            c.colorScheme("dark");
            String dark = c.eval("getComputedStyle(document.body).backgroundColor").asText();
            assertEquals("rgb(255, 255, 255)", light);
            assertNotEquals(light, dark, "a dark theme");
            c.screenshot(out.resolve("report-dark.png"));
            String pdf = c.call("Page.printToPDF", java.util.Map.of("printBackground", true)).path("data").asText();
            assertTrue(pdf.length() > 10_000, "the report prints");
            java.nio.file.Files.write(out.resolve("report.pdf"), java.util.Base64.getDecoder().decode(pdf));
        }
        byte[] png = Files.readAllBytes(out.resolve("report.png"));
        assertTrue(png.length > 10_000, "a real screenshot");
        assertTrue(Arrays.equals(Arrays.copyOf(png, 4), new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }

    /** Negative control: the same checks catch a page that fetches something and logs an error. */
    @Test
    void theChecksCatchARequestAndAConsoleError() throws Exception {
        Path page = runs.resolve("leaky.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body><p>leaky</p>"
                + "<img src=\"http://127.0.0.1:9/pixel.png\"><script>console.error('boom')</script></body></html>");
        try (Chromium c = new Chromium(profile)) {
            Chromium.Page p = c.open(page);
            assertTrue(p.requests().contains("http://127.0.0.1:9/pixel.png"), p.requests().toString());
            assertTrue(p.errors().stream().anyMatch(e -> e.contains("boom")), p.errors().toString());
            assertFalse(p.text().isEmpty());
        }
    }
}
