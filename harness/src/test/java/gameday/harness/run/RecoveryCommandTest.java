package gameday.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.Phases;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command runner on its own, with real shell commands and a site that reads a switchover file:
 * placeholders, phase markers, masking, exit codes, the never-switched-over case and the timeout.
 * (The game days with real restores are in scenarios' RecoveryCommandTest.)
 */
class RecoveryCommandTest {
    static final String SECRET = "s3cr3t-value-42";

    @TempDir
    Path dir;

    /** Records phase names in order and every note. */
    static final class Recorded implements Phases {
        final List<String> phases = new ArrayList<>();
        final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public <T> T phase(String name, Callable<T> body) {
            phases.add(name);
            return NONE.phase(name, body);
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public void measure(String name, Object value) {}
    }

    /** A site whose switchover file names a cluster by name; nothing to prepare beyond a work directory. */
    Site site() {
        return new Site();
    }

    final class Site implements RecoveryCommand.Site {
        public Map<String, String> prepare(int n) {
            try {
                Files.createDirectories(workDir(n));
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
            return Map.of("GAMEDAY_SWITCHOVER_FILE", workDir(n).resolve("switchover").toString(), "AWS_SECRET_ACCESS_KEY", SECRET);
        }

        public Path workDir(int n) {
            return dir.resolve("run-" + n);
        }

        public Path logDir() {
            return dir;
        }

        public List<String> wrap(List<String> command) {
            return command;
        }

        public Optional<DatabaseCluster> switchedTo(int n) {
            try {
                Path f = workDir(n).resolve("switchover");
                return Files.exists(f) ? Optional.of(cluster(Files.readString(f).strip())) : Optional.empty();
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        }

        public void reap(int n) {}

        public Collection<String> secrets() {
            return List.of(SECRET);
        }
    }

    static DatabaseCluster cluster(String name) {
        return (DatabaseCluster) Proxy.newProxyInstance(DatabaseCluster.class.getClassLoader(), new Class<?>[] {DatabaseCluster.class},
                (p, m, a) -> m.getName().equals("name") ? name : null);
    }

    Path script(String body) throws Exception {
        Path f = dir.resolve("runbook-" + System.nanoTime() + ".sh");
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        f.toFile().setExecutable(true);
        return f;
    }

    RecoveryCommand command(String line, Duration timeout) {
        return new RecoveryCommand(RecoveryCommand.Spec.parse(line, dir, null), site(), timeout);
    }

    @Test
    void placeholdersPhaseMarkersAndTheSwitchover() throws Exception {
        Path s = script("echo \"mode=$1 target=$2 quoted=$3\"; echo 'gameday-phase: restore'; echo \"key $AWS_SECRET_ACCESS_KEY\"; "
                + "echo 'gameday-phase: switch'; echo recovered-1 > \"$GAMEDAY_SWITCHOVER_FILE\"");
        Recorded p = new Recorded();
        DatabaseCluster c = command(s + " {mode} {targetTime} \"it's {mode}\"", Duration.ofSeconds(30))
                .pitr(Instant.parse("2026-11-30T10:00:00.123456Z"), p);
        assertEquals("recovered-1", c.name());
        assertEquals(List.of("runbook", "runbook/restore", "runbook/switch"), p.phases);
        assertTrue(p.notes.contains("runbook| mode=pitr target=2026-11-30T10:00:00.123456Z quoted=it's 'pitr'"), p.notes.toString());
        String log = Files.readString(dir.resolve("runbook-1.log"));
        assertTrue(log.contains("key ***"), log);
        assertFalse(log.contains(SECRET) || p.notes.toString().contains(SECRET), "the credential never reaches the log or the journal");
    }

    @Test
    void aFailedExitNeverSwitchedOverAndATimeoutAreEachNamed() throws Exception {
        Recorded p = new Recorded();
        GameDayException failed = assertThrows(GameDayException.class,
                () -> command(script("echo 'gameday-phase: restore'; echo 'no backup found' >&2; exit 3").toString(), Duration.ofSeconds(30)).latest(p));
        assertTrue(failed.getMessage().startsWith("the recovery command exited with code 3: no backup found"), failed.getMessage());
        assertEquals("runbook/restore", p.phases.get(p.phases.size() - 1), "it failed in the phase it announced");

        GameDayException never = assertThrows(GameDayException.class,
                () -> command(script("echo restored").toString(), Duration.ofSeconds(30)).fullRebuild(new Recorded()));
        assertTrue(never.getMessage().startsWith("the service was never switched over: the recovery command (mode full-rebuild)"), never.getMessage());

        Path pidFile = dir.resolve("pids");
        Recorded h = new Recorded();
        GameDayException hung = assertThrows(GameDayException.class, () -> command(script("echo 'gameday-phase: wait'; sleep 300 & echo $$ $! > "
                + pidFile + "; wait").toString(), Duration.ofSeconds(3)).latest(h));
        assertTrue(hung.getMessage().startsWith("the recovery command did not finish within 3 s; killed"), hung.getMessage());
        assertEquals("runbook/wait", h.phases.get(h.phases.size() - 1));
        for (String pid : Files.readString(pidFile).strip().split(" "))
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " was reaped");
    }

    @Test
    void restoreModesOnlyAndBadInput() {
        RecoveryCommand c = new RecoveryCommand(RecoveryCommand.Spec.parse("true", dir, null), site(), Duration.ofSeconds(5));
        assertThrows(GameDayException.class, () -> c.promoteStandby(cluster("s"), new Recorded()));
        assertFalse(c.ran());
        assertTrue(assertThrows(GameDayException.class, () -> RecoveryCommand.Spec.parse("true {nope}", dir, null)).getMessage()
                .contains("unknown placeholder {nope}"));
        assertTrue(assertThrows(GameDayException.class, () -> RecoveryCommand.Spec.parse("true", dir, Duration.ZERO)).getMessage()
                .contains("--recovery-timeout must be positive"));
    }
}
