package gameday.reports;

import gameday.harness.check.Verdict;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.journal.ScenarioRecord.Event;
import gameday.harness.journal.ScenarioRecord.PhaseRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made journals, shaped like a real drop-table run, for the edge cases a real run rarely shows. */
final class Journals {
    private Journals() {}

    static final List<String> RECOVERY = List.of("detect", "fence", "flush-wal", "restore-base", "replay-wal", "promote", "verify", "switchover");
    static final List<String> ALL_PHASES = List.of("provision", "steady-state", "detect", "fence", "flush-wal", "restore-base", "replay-wal", "promote",
            "verify", "switchover", "post-recovery-writes", "check");
    static final Instant T0 = Instant.parse("2026-01-10T02:00:00Z");

    /** A journal written into runsDir/runId, started {@code day} days after T0. */
    static Journal run(Path runsDir, String runId, int day) throws IOException {
        Journal j = Journal.create(Files.createDirectories(runsDir.resolve(runId)), runId, "local");
        j.started = T0.plusSeconds(day * 86_400L);
        j.finished = j.started.plusSeconds(30);
        j.status = "completed";
        j.environment.putAll(Map.of("host", "ci-runner", "os", "Linux 6.1", "cores", 2, "memoryGiB", 8, "java", "17.0.15"));
        return j;
    }

    static Map<String, Object> targets() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("source", "accidental table drop (docs/catalogue.md#accidental-table-drop)");
        t.put("rtoMs", 1_200_000);
        t.put("rpoCount", 0);
        t.put("rpoTimeMs", 10_000);
        t.put("maxDangling", 0);
        return t;
    }

    /** A scenario that went all the way, with the measured RTO split over the recovery phases. */
    static ScenarioRecord valid(Journal j, String name, long rtoMs, long rpoTimeMs) {
        ScenarioRecord s = base(j, name);
        double fault = 16_500;
        s.faultAtMs = fault;
        phases(s, ALL_PHASES.size(), fault, rtoMs);
        s.restoredAtMs = fault + rtoMs;
        s.status = "completed";
        s.verdict = "valid";
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("substrate", "local");
        env.put("postgresVersion", "postgres (PostgreSQL) 15.18");
        env.put("barmanVersion", "barman-cloud-backup 3.4.0");
        s.measurements.put("environment", env);
        s.measurements.put("baseBackupBytes", 23_168_532L);
        s.measurements.put("walSegmentsRestored", 4);
        s.measurements.put("rtoMs", rtoMs);
        s.measurements.put("rpoCount", 0);
        s.measurements.put("rpoTimeMs", rpoTimeMs);
        s.measurements.put("rowsRestored", 882);
        s.measurements.put("objectsRestored", 905);
        s.checks.add(Verdict.of("rpo", Map.of("attempted", 1793, "acknowledged", 1792, "rpoCount", 0, "rpoTimeMs", rpoTimeMs), List.of()));
        s.checks.add(Verdict.of("consistency", consistency(905, 906, 0, 0, 1), List.of()));
        s.checks.add(Verdict.of("targets", Map.of("rtoMs", rtoMs), List.of()));
        s.finished = s.started.plusMillis((long) (fault + rtoMs + 2_000));
        return s;
    }

    static Map<String, Object> consistency(long rows, long objects, long dangling, long corrupt, long orphan) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rows", rows);
        c.put("objects", objects);
        c.put("dangling", dangling);
        c.put("corrupt", corrupt);
        c.put("orphan", orphan);
        c.put("resurrected", 0);
        return c;
    }

    /** The procedure broke in replay-wal: no RTO, a procedure check, verdict invalid. */
    static ScenarioRecord failed(Journal j, String name, String error) {
        ScenarioRecord s = base(j, name);
        s.faultAtMs = 16_500.0;
        phases(s, 7, 16_500, 8_000); // provision .. replay-wal
        PhaseRecord last = s.phases.remove(s.phases.size() - 1);
        s.phases.add(new PhaseRecord(last.name(), last.startMs(), last.endMs(), "failed", error));
        s.status = "failed";
        s.error = error;
        s.checks.add(Verdict.unknown("procedure", "the game day did not finish: " + error));
        s.verdict = "invalid";
        s.finished = s.started.plusSeconds(25);
        return s;
    }

    /** The harness died in replay-wal: the phase is still open, no verdict, the run is marked aborted. */
    static ScenarioRecord aborted(Journal j, String name) {
        j.status = "aborted";
        j.finished = null;
        ScenarioRecord s = base(j, name);
        s.faultAtMs = 16_500.0;
        phases(s, 7, 16_500, 8_000);
        PhaseRecord last = s.phases.remove(s.phases.size() - 1);
        s.phases.add(new PhaseRecord(last.name(), last.startMs(), null, "running", null));
        s.status = "running";
        return s;
    }

    private static ScenarioRecord base(Journal j, String name) {
        ScenarioRecord s = new ScenarioRecord();
        s.name = name;
        s.summary = "DROP TABLE on the metadata table; PITR to just before the drop";
        s.started = j.started.plusMillis(100);
        s.targets = targets();
        j.scenarios.add(s);
        return s;
    }

    /**
     * The first {@code n} of {@link #ALL_PHASES}: provisioning and steady state before the fault,
     * the recovery phases sharing {@code rtoMs} after it, then the checks.
     */
    private static void phases(ScenarioRecord s, int n, double fault, long rtoMs) {
        List<PhaseRecord> out = new ArrayList<>();
        out.add(new PhaseRecord("provision", 0, 5_200.0, "ok", null));
        out.add(new PhaseRecord("steady-state", 5_210, fault - 2, "ok", null));
        double[] share = {0.002, 0.002, 0.07, 0.15, 0.55, 0.2, 0.006, 0.02};
        double t = fault + 10;
        for (int i = 0; i < RECOVERY.size(); i++) {
            double d = share[i] * (rtoMs - 20);
            out.add(new PhaseRecord(RECOVERY.get(i), t, t + d, "ok", null));
            t += d + 1;
        }
        out.add(new PhaseRecord("post-recovery-writes", fault + rtoMs + 2, fault + rtoMs + 130, "ok", null));
        out.add(new PhaseRecord("check", fault + rtoMs + 140, fault + rtoMs + 1_900, "ok", null));
        s.phases.addAll(out.subList(0, n));
        s.events.add(new Event(12_718, "base backup backup-1795440463807 taken"));
        s.events.add(new Event(fault, "fault: DROP TABLE objects"));
        s.events.add(new Event(fault + 12, "detected: the objects table is gone"));
    }

    /** A history file and two process logs, as a run leaves them. */
    static void files(Journal j, String scenario) throws IOException {
        Path dir = j.file().getParent().resolve(scenario);
        Files.createDirectories(dir.resolve("env/logs"));
        Files.writeString(dir.resolve("history.jsonl"), "{\"op\":\"invoke\",\"key\":\"row/1\"}\n{\"op\":\"ok\",\"key\":\"row/1\"}\n");
        Files.writeString(dir.resolve("env/logs/001-initdb-pg-main.log"), "$ initdb -D pg-main\nSuccess.\n");
        Files.writeString(dir.resolve("env/logs/002-postgres-pg-main.log"), "LOG:  database system is ready to accept connections\n");
    }
}
