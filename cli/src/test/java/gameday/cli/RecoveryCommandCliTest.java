package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * --recovery-command and --cluster-manifest at the command line, in a JVM of their own started in
 * the checkout, with the relative paths a user types: bad input is exit 2 and one line, before
 * anything is built; the team's manifest shows in --dry-run with what was rewritten.
 */
class RecoveryCommandCliTest {
    static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final String RUNBOOK = "examples/runbooks/local-pitr.sh --mode {mode} --target-time {targetTime}";

    record Result(int code, String out, String err) {}

    static Result gameday(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("gameday-cli", ".out"), err = Files.createTempFile("gameday-cli", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(CHECKOUT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gameday did not exit");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static void assertOneLineError(Result r, String expected) {
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(expected), () -> "stderr should name the problem '" + expected + "': " + r.err());
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
        assertFalse(Files.exists(CHECKOUT.resolve("runs-cli-test")), "nothing was built");
    }

    @Test
    void badRecoveryCommandsAreRefusedInOneLine() throws Exception {
        Files.writeString(CHECKOUT.resolve("cli/target/not-executable.sh"), "#!/bin/sh\n");
        String[][] cases = {
                {"", "--recovery-command is empty"},
                {"   ", "--recovery-command is empty"},
                {"examples/runbooks/no-such-runbook.sh --mode {mode}", "'examples/runbooks/no-such-runbook.sh' is not an executable file"},
                {"cli/target/not-executable.sh", "'cli/target/not-executable.sh' is not an executable file"},
                {"no-such-program-on-path {mode}", "is not an executable file on PATH"},
                {"examples/runbooks/local-pitr.sh --at {target}", "unknown placeholder {target}; known: {mode}, {targetTime}, {switchoverFile}"},
        };
        for (String[] c : cases)
            assertOneLineError(gameday("run", "drop-table", "--runs-dir", "runs-cli-test", "--recovery-command", c[0]), c[1]);
        assertOneLineError(gameday("run", "drop-table", "--runs-dir", "runs-cli-test", "--recovery-command", RUNBOOK, "--recovery-timeout", "soon"),
                "--recovery-timeout 'soon' is not a duration");
        assertOneLineError(gameday("run", "drop-table", "--runs-dir", "runs-cli-test", "--recovery-timeout", "10s"), "--recovery-timeout needs --recovery-command");
    }

    @Test
    void badClusterManifestsAreRefusedInOneLine() throws Exception {
        Path dir = CHECKOUT.resolve("cli/target/manifests");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec: {}\n");
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nspec: [unclosed\n");
        assertOneLineError(gameday("run", "drop-table", "--substrate", "k3s", "--dry-run", "--cluster-manifest", "cli/target/manifests/deployment.yaml"),
                "is not a CloudNativePG Cluster (apiVersion postgresql.cnpg.io/v1, kind Cluster, with a spec): found apps/v1 Deployment");
        assertOneLineError(gameday("run", "drop-table", "--substrate", "k3s", "--dry-run", "--cluster-manifest", "cli/target/manifests/broken.yaml"),
                "is not readable YAML");
        assertOneLineError(gameday("run", "drop-table", "--runs-dir", "runs-cli-test", "--cluster-manifest", "examples/runbooks/k8s/postgres-prod.yaml"),
                "--cluster-manifest applies to --substrate k3s or kubernetes, not local");
        assertOneLineError(gameday("run", "drop-table", "--substrate", "k3s", "--backup-form", "in-tree", "--dry-run", "--cluster-manifest",
                "examples/runbooks/k8s/postgres-prod.yaml"), "archives with the Barman Cloud Plugin: run with --backup-form plugin");
    }

    /** The dry run shows the team's Cluster as the primary: its parameters kept, its store and namespace rewritten, what k3s cannot honour named. */
    @Test
    void theDryRunPrintsTheTeamsClusterAndWhatWasRewritten() throws Exception {
        Result r = gameday("run", "drop-table", "--substrate", "k3s", "--dry-run", "--cluster-manifest", "examples/runbooks/k8s/postgres-prod.yaml");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("# --cluster-manifest " + CHECKOUT.resolve("examples/runbooks/k8s/postgres-prod.yaml")), out);
        assertTrue(out.contains("metadata.name postgres-prod -> pg-main") && out.contains("metadata.namespace prod -> gameday-"), out);
        assertTrue(out.contains("plugins[barman-cloud.cloudnative-pg.io].parameters (barmanObjectName, serverName) -> the disposable ObjectStore"), out);
        assertTrue(out.contains("removed superuserSecret"), out);
        assertTrue(out.contains("# cannot honour here, replaced: storage.storageClass gp3 (k3s has local-path only)"), out);
        assertTrue(out.contains("shared_buffers: \"256MB\"") && out.contains("archive_timeout: \"5min\"") && out.contains("instances: 2"),
                "the team's parameters and instances are kept:\n" + out);
        assertFalse(out.contains("prod-backups"), "the team's real ObjectStore is never referenced");
    }
}
