package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest backup is chosen by its real end time, in both of barman's date formats, never by text order. */
class BackupChoiceTest {
    // text order puts "Tue Nov  3" (and "Tue …" over "Mon …") last; time order puts Nov 30 last
    static final String LIST = """
            {"backups_list": [
              {"backup_id": "20261130T090000", "end_time": "Mon Nov 30 09:00:00 2026"},
              {"backup_id": "20261103T100000", "end_time": "Tue Nov  3 10:00:00 2026"},
              {"backup_id": "20261124T100000", "end_time": "Tue Nov 24 10:00:00 2026"}
            ]}""";

    @Test
    void barmanOrdersByEndTimeNotText() {
        List<String> ids = Barman.newestLast(LIST).stream().map(b -> b.path("backup_id").asText()).toList();
        assertEquals(List.of("20261103T100000", "20261124T100000", "20261130T090000"), ids);
    }

    @Test
    void isoEndTimesWithOffsetsAreCompared() {
        String json = """
                {"backups_list": [
                  {"backup_id": "late", "end_time": "2026-11-30 09:00:00.5+00:00"},
                  {"backup_id": "early", "end_time": "2026-11-30 10:00:00+02:00"}
                ]}""";
        assertEquals("late", Barman.newestLast(json).get(1).path("backup_id").asText());
    }

    @Test
    void bareRunbookScriptPicksTheNewestByTime(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("bare-pitr.sh");
        try (InputStream in = BackupChoiceTest.class.getResourceAsStream("/gameday/bench/bare-pitr.sh")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("bash", script.toString(), "newest-backup").redirectErrorStream(true).start();
        p.getOutputStream().write(LIST.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("20261130T090000", out);
    }
}
