package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and broken environments: each gives exit code 2 and one line that names the
 * problem and the fix, and never a stack trace.
 */
class BadInputTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result gameday(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The CLI in its own JVM, for environment variables this JVM cannot change. */
    static Result gamedayProcess(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gameday did not exit");
        return new Result(p.exitValue(), out, err);
    }

    static void assertOneLineError(Result r, String expected) {
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(expected), () -> "stderr should name the problem '" + expected + "': " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), () -> "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
    }

    @Test
    void unknownScenario() {
        assertOneLineError(gameday("run", "no-such-scenario", "--runs-dir", dir.toString()), "unknown scenario 'no-such-scenario'");
    }

    @Test
    void unknownAndMalformedOptions() {
        assertOneLineError(gameday("run", "--bogus"), "Unknown option: '--bogus'");
        assertOneLineError(gameday("frobnicate"), "Unmatched argument");
        assertOneLineError(gameday("run"), "Missing required");
        assertOneLineError(gameday("run", "drop-table", "--all"), "mutually exclusive");
    }

    @Test
    void badParallelAndBackupOptions() {
        assertOneLineError(gameday("run", "--all", "--parallel", "0", "--runs-dir", dir.toString()), "--parallel must be 1 or more, was 0");
        assertOneLineError(gameday("run", "drop-table", "--backup-jobs", "0", "--runs-dir", dir.toString()), "--backup-jobs must be 1 or more, was 0");
        assertOneLineError(gameday("run", "drop-table", "--backup-compression", "lz4", "--runs-dir", dir.toString()),
                "unknown --backup-compression 'lz4': use none, gzip or bzip2");
        assertOneLineError(gameday("bench", "--only", "catalogue", "--scenarios", "no-such-scenario"), "unknown scenario 'no-such-scenario'");
    }

    @Test
    void malformedTargetsFiles() throws Exception {
        for (String[] c : new String[][] {{"drop-table:\n  rto: 20\n", "is not a duration"}, {"drop-table:\n  rto: -3m\n", "negative values"},
                {"drop-table:\n  rtoo: 3m\n", "unknown key 'rtoo'"}, {"drop-table: [\n", "cannot read targets file"}}) {
            Path f = Files.writeString(dir.resolve("targets.yaml"), c[0]);
            assertOneLineError(gameday("run", "drop-table", "--targets", f.toString(), "--runs-dir", dir.toString()), c[1]);
        }
        assertOneLineError(gameday("run", "drop-table", "--targets", dir.resolve("missing.yaml").toString()), "cannot read targets file");
    }

    @Test
    void aRunDirectoryThatCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertOneLineError(gameday("run", "drop-table", "--runs-dir", file.resolve("runs").toString()), "cannot create the run directory");
    }

    @Test
    void missingPostgresBinaries() throws Exception {
        assertOneLineError(gamedayProcess(Map.of("GAMEDAY_PG_BINDIR", dir.toString()), "run", "drop-table", "--runs-dir", dir.toString()),
                "GAMEDAY_PG_BINDIR=" + dir + " has no postgres");
    }

    @Test
    void missingBarmanTools() throws Exception {
        // a PATH with java and the PostgreSQL binaries but no barman-cloud-* tools
        Result r = gamedayProcess(Map.of("PATH", "/nonexistent"), "run", "drop-table", "--runs-dir", dir.toString());
        assertOneLineError(r, "missing barman-cloud-wal-archive");
        assertTrue(r.err().contains("apt-get install"), r.err());
    }

    @Test
    void corruptTruncatedOrUnknownJournals() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("journal.json"), "{\"schemaVersion\": 1, \"runId\": \"x\", \"scenarios\": [");
        assertOneLineError(gameday("report", run.toString()), "not a readable journal");
        Files.writeString(run.resolve("journal.json"), "{\"schemaVersion\": 99, \"runId\": \"x\"}");
        assertOneLineError(gameday("report", run.toString()), "schema version 99");
        Files.writeString(run.resolve("journal.json"), "");
        assertOneLineError(gameday("report", run.toString()), "is not a journal");
        assertOneLineError(gameday("report", dir.resolve("nothing-here").toString()), "not a readable journal");
    }

    @Test
    void anObjectStoreThatIsUnreachableRefusesTheKeysOrIsNotLocal() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<String, String> keys = Map.of("GAMEDAY_S3_ACCESS_KEY", "gdtestaccess", "GAMEDAY_S3_SECRET_KEY", "gdtestsecret-not-real");
        assertOneLineError(gamedayProcess(keys, "run", "drop-table", "--runs-dir", dir.toString(), "--s3-endpoint", "http://127.0.0.1:" + closed),
                "object store at http://127.0.0.1:" + closed + " is unreachable");
        try (gameday.harness.local.S3Server s3 = new gameday.harness.local.S3Server(dir.resolve("s3"), "rightaccess", "rightsecretrightsecret")) {
            assertOneLineError(gamedayProcess(keys, "run", "drop-table", "--runs-dir", dir.toString(), "--s3-endpoint", s3.endpoint()),
                    "rejected the credentials");
        }
        // refused before any connection is tried: no traffic leaves this machine
        assertOneLineError(gamedayProcess(keys, "run", "drop-table", "--runs-dir", dir.toString(), "--s3-endpoint", "http://192.0.2.10:9000"),
                "pass --allow-remote-s3");
        assertOneLineError(gamedayProcess(Map.of(), "run", "drop-table", "--runs-dir", dir.toString(), "--s3-endpoint", "http://127.0.0.1:9"),
                "GAMEDAY_S3_ACCESS_KEY");
    }

    /** `--help` tells the truth for every command: it works, and exits 0. */
    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"list", "run", "report", "doctor", "clean"}) {
            Result r = gameday(cmd, "--help");
            assertEquals(0, r.code(), cmd + ": " + r.err());
            assertTrue(r.out().contains("Usage: gameday " + cmd), r.out());
        }
    }
}
