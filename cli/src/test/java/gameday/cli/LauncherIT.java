package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, as a user runs it from their own project: `path/to/gameday run drop-table`
 * twice into the same relative --runs-dir, with a relative --targets file. Runs after package
 * (failsafe), against the jar the launcher would run.
 */
class LauncherIT {
    static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path project;

    record Run(int code, String output) {}

    Run launcher(String... args) throws Exception {
        List<String> cmd = Stream.concat(Stream.of(CHECKOUT.resolve("gameday").toString()), Stream.of(args)).toList();
        Path log = project.resolve("launcher-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the launcher did not exit");
        return new Run(p.exitValue(), Files.readString(log));
    }

    @Test
    void twoRunsFromAnotherDirectoryWithRelativePaths() throws Exception {
        // the jar was just packaged; a module jar Maven left untouched must not make the launcher rebuild inside this build
        Files.setLastModifiedTime(CHECKOUT.resolve("cli/target/gameday.jar"), FileTime.from(Instant.now()));
        String builtIn = new String(gameday.harness.run.Targets.class.getResourceAsStream("/gameday/fixtures/targets.yaml").readAllBytes());
        // the same targets but one, so the journal shows whose file was read
        Files.writeString(project.resolve("my-targets.yaml"), builtIn.replaceFirst("(?m)^(drop-table:\\n(?:  .*\\n)*?)  rto: 20m", "$1  rto: 19m"));

        for (String[] extra : new String[][] {{}, {"--no-reports"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "drop-table", "--runs-dir", "my-runs", "--targets", "my-targets.yaml"));
            args.addAll(List.of(extra));
            Run r = launcher(args.toArray(String[]::new));
            assertEquals(0, r.code(), () -> "gameday " + String.join(" ", args) + " exited " + r.code() + ":\n" + r.output());
        }

        List<Path> runs;
        try (Stream<Path> s = Files.list(project.resolve("my-runs"))) {
            runs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(2, runs.size(), "two sibling run directories under the relative --runs-dir: " + runs);
        for (Path run : runs) {
            JsonNode j = Json.MAPPER.readTree(run.resolve("journal.json").toFile());
            JsonNode sc = j.path("scenarios").get(0);
            assertEquals("valid", sc.path("verdict").asText(), run + ": " + sc.path("error").asText());
            assertEquals(19 * 60_000, sc.path("targets").path("rtoMs").asLong(), "the targets came from the user's relative file");
        }
        assertTrue(Files.exists(runs.get(0).resolve("report.html")), "the first run wrote its report");
        assertTrue(Files.notExists(runs.get(1).resolve("report.html")), "--no-reports wrote none");
        assertTrue(Files.notExists(CHECKOUT.resolve("my-runs")), "nothing was written relative to the checkout");
    }
}
