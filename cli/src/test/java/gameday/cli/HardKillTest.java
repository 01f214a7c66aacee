package gameday.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.journal.Json;
import gameday.harness.run.Reaper;
import gameday.harness.journal.Journal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of the harness in the middle of a game day: `gameday clean` must reap every process,
 * port and temporary directory the dead run left, and its journal must say aborted.
 */
class HardKillTest {
    private final Path runs = Path.of("target", "hardkill-" + System.nanoTime()).toAbsolutePath();

    @AfterEach
    void cleanUp() {
        Reaper.reap(runs);
        Reaper.deleteTree(runs);
    }

    @ParameterizedTest(name = "kill -9 during {0}")
    @ValueSource(strings = {"steady-state", "restore-base", "replay-wal"})
    void cleanReapsWhatAKilledRunLeft(String phase) throws Exception {
        killDuring(phase, "drop-table");
    }

    /** Two game days at once (run --parallel 2): both environments, and the golden steady state they were cloned from, are reaped. */
    @org.junit.jupiter.api.Test
    void cleanReapsWhatAKilledParallelRunLeft() throws Exception {
        killDuring("replay-wal", "drop-table", "mass-delete", "--parallel", "2");
    }

    private void killDuring(String phase, String... runArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run"));
        cmd.addAll(List.of(runArgs));
        cmd.addAll(List.of("--runs-dir", runs.toString()));
        Process harness = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(runs.resolveSibling(runs.getFileName() + ".log").toFile()).start();
        try {
            Path journal = await("the run to reach phase " + phase).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(20))
                    .failFast("the harness exited before " + phase, () -> !harness.isAlive())
                    .until(() -> journalIn(runs).filter(j -> inPhase(j, phase)), Optional::isPresent).orElseThrow();
            String runId = journal.getParent().getFileName().toString();
            List<Integer> ports = serverPorts(runId);
            harness.destroyForcibly().waitFor();
            assertFalse(processesOf(runId).isEmpty(), "the dead run must have left servers behind, or this test proves nothing");

            assertEquals(0, BadInputTest.gameday("clean", "--runs-dir", runs.toString()).code());

            await("every process of run " + runId + " to be gone").atMost(Duration.ofSeconds(30)).until(() -> processesOf(runId).isEmpty());
            for (int port : ports) {
                await("port " + port + " to be free").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                        return true;
                    }
                });
            }
            assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId)), "temporary data directories removed");
            long pid = harness.pid();
            try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                List<Path> left = tmp.filter(d -> d.getFileName().toString().startsWith("gameday-") && d.getFileName().toString().endsWith("-" + pid)).toList();
                assertEquals(List.of(), left, "the golden steady state and every other temporary directory of the dead run removed");
            }
            Journal j = Journal.read(journal);
            assertEquals("aborted", j.status);
            assertEquals("aborted", j.scenarios.get(0).status);
            assertTrue(j.scenarios.get(0).error.startsWith("the harness died during phase "), j.scenarios.get(0).error);
            for (var s : j.scenarios) assertTrue(s.status.equals("aborted") || s.status.equals("completed"), s.name + " " + s.status);
        } finally {
            harness.destroyForcibly();
        }
    }

    static Optional<Path> journalIn(Path runs) throws Exception {
        if (!Files.isDirectory(runs)) return Optional.empty();
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(d -> d.resolve("journal.json")).filter(Files::isRegularFile).findFirst();
        }
    }

    static boolean inPhase(Path journal, String phase) {
        try {
            for (JsonNode sc : Json.MAPPER.readTree(journal.toFile()).path("scenarios"))
                for (JsonNode p : sc.path("phases")) if (p.path("name").asText().equals(phase) && p.path("status").asText().equals("running")) return true;
        } catch (Exception halfWritten) {
            // the journal is replaced atomically, but be lenient anyway
        }
        return false;
    }

    /** Processes whose command line names the run (servers, barman tools), and their children. */
    static List<ProcessHandle> processesOf(String runId) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            if (String.join(" ", p.info().arguments().map(List::of).orElse(List.of())).contains(runId)) {
                out.add(p);
                p.descendants().forEach(out::add);
            }
        });
        out.removeIf(p -> !p.isAlive());
        return out;
    }

    /** The ports of the run's PostgreSQL servers, from their gameday.conf. */
    static List<Integer> serverPorts(String runId) throws Exception {
        List<Integer> ports = new ArrayList<>();
        Pattern port = Pattern.compile("(?m)^port = (\\d+)");
        for (ProcessHandle p : processesOf(runId)) {
            List<String> args = p.info().arguments().map(List::of).orElse(List.of());
            int i = args.indexOf("-D");
            if (i < 0) continue;
            Path conf = Path.of(args.get(i + 1), "gameday.conf");
            if (!Files.exists(conf)) continue;
            Matcher m = port.matcher(Files.readString(conf));
            if (m.find()) ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }
}
