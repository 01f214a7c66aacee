package gameday.harness.run;

import gameday.harness.GameDayException;

import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reaps what a crashed run left behind. A run id ends with the harness's pid, so a run is dead
 * when that pid is gone; only a dead run's things are touched, and only servers whose data
 * directory carries the harness's ownership marker.
 */
public final class Reaper {
    public record Report(int killed, int removedDirs, int abortedJournals) {}

    private Reaper() {}

    public static Report reap(Path runsRoot) {
        int killed = 0;
        long self = ProcessHandle.current().pid();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.pid() == self) continue;
            Optional<String> runId = runOf(p);
            if (runId.isPresent() && !alive(runId.get())) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                if (p.destroyForcibly()) killed++;
            }
        }
        int removed = 0;
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path d : tmp.filter(d -> d.getFileName().toString().startsWith("gameday-")).toList()) {
                if (!alive(d.getFileName().toString().substring("gameday-".length()))) {
                    deleteTree(d);
                    removed++;
                }
            }
        } catch (IOException ignored) {
            // no temp dir listing: nothing to reap there
        }
        int aborted = 0;
        if (Files.isDirectory(runsRoot)) {
            try (Stream<Path> runs = Files.list(runsRoot)) {
                for (Path r : runs.toList()) if (markAborted(r)) aborted++;
            } catch (IOException ignored) {
                // unreadable runs dir: nothing to mark
            }
        }
        return new Report(killed, removed, aborted);
    }

    /** Marks a dead run's journal aborted, keeping the last phase each scenario reached. */
    static boolean markAborted(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(Journal.FILE))) return false;
        try {
            Journal j = Journal.read(runDir);
            if (!"running".equals(j.status) || alive(j.runId)) return false;
            for (ScenarioRecord s : j.scenarios) {
                if (!"running".equals(s.status)) continue;
                s.status = "aborted";
                s.verdict = "unknown";
                s.error = "the harness died during phase " + Optional.ofNullable(s.lastPhase()).orElse("(none)");
            }
            j.finish("aborted");
            return true;
        } catch (GameDayException e) {
            return false;
        }
    }

    /**
     * The run a process belongs to: every process the harness starts (postgres, initdb,
     * barman-cloud-*) names a path inside its run's directories, and run ids are unique.
     */
    static Optional<String> runOf(ProcessHandle p) {
        String args = String.join(" ", p.info().arguments().map(List::of).orElse(List.of()));
        var m = RunId.PATTERN.matcher(args);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** A run is alive while the harness process whose pid ends its id runs. */
    public static boolean alive(String runId) {
        try {
            long pid = Long.parseLong(runId.substring(runId.lastIndexOf('-') + 1));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
    }

    public static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
