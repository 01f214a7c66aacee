package gameday.harness.bench;

import gameday.harness.EnvironmentSpec;
import gameday.harness.run.RunClock;
import gameday.harness.run.SteadyState;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalEnvironment;
import gameday.harness.wait.Wait;
import gameday.harness.workload.History;
import gameday.harness.workload.Op;
import gameday.harness.workload.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.function.Consumer;

/**
 * What recording the history costs the workload: the workload flat out with its history on
 * disk (flushed per line, fsynced every 100 ms) against the same workload with the history
 * written to /dev/shm (memory: no disk write or fsync; History fsyncs, which /dev/null refuses), plus the rate the history alone can record at.
 */
final class HistoryBench {
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    HistoryBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    void run() throws Exception {
        Path dir = o.workDir().resolve("history");
        try (LocalEnvironment env = LocalBench.create(dir, EnvironmentSpec.DEFAULT)) {
            try (Connection c = env.primary().connect()) {
                Workload.applySchema(c);
            }
            for (int i = 1; i <= o.repeats(); i++) {
                log.accept("workload with and without the history file, repeat " + i);
                rec.add("workload.withHistory.opsPerSecond", "ops/s", workload(env, dir.resolve("history-" + i + ".jsonl")));
                Path shm = java.nio.file.Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : dir;
                Path mem = shm.resolve("gameday-bench-history-" + ProcessHandle.current().pid() + "-" + i + ".jsonl");
                try {
                    rec.add("workload.historyInMemory.opsPerSecond", "ops/s", workload(env, mem));
                } finally {
                    java.nio.file.Files.deleteIfExists(mem);
                }
                rec.add("history.alone.opsPerSecond", "ops/s", historyAlone(dir.resolve("alone-" + i + ".jsonl")));
            }
        }
        rec.compare("workload.withHistory.opsPerSecond", "workload.historyInMemory.opsPerSecond", "history.alone.opsPerSecond");
        rec.note("workload.withHistory.opsPerSecond", "4 clients unthrottled, half object uploads (256 B-8 KiB) + row, half row inserts, "
                + o.workloadSeconds() + " s each");
    }

    private double workload(LocalEnvironment env, Path file) {
        try (History h = new History(file, new RunClock());
             Workload w = new Workload(env.endpoint(), env.objectStore(), h, new Workload.Profile(4, 0, 0.5, 256, 8192))) {
            w.start();
            long t0 = System.nanoTime();
            // the hypothesis below holds from the first acknowledgement on, so wait for it (inside the measured time)
            Wait.forThe("the first acknowledged write of the bench workload").atMost(java.time.Duration.ofSeconds(60)).until(() -> h.lastOk() != null);
            // the measured window: a workload that stalls would measure its stall, so watch that it keeps acknowledging
            Wait.holds(java.time.Duration.ofSeconds(o.workloadSeconds()), java.time.Duration.ofSeconds(1), SteadyState.acknowledgementsFlow(h));
            long ok = h.ops().stream().filter(Op::ok).count();
            double s = RecoveryBench.secondsSince(t0);
            w.stop();
            return ok / s;
        }
    }

    private static double historyAlone(Path file) {
        int n = 200_000;
        try (History h = new History(file, new RunClock())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) h.ok(h.invoke("row", "k" + i));
            return n / RecoveryBench.secondsSince(t0);
        }
    }
}
