package gameday.harness.drill;

import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.check.Verdict;
import gameday.harness.drill.Archive.BaseBackup;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.run.JournalPhases;
import gameday.harness.run.RunClock;
import gameday.harness.run.Runner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gameday drill}: a read-only restore of a team's real barman-cloud archive into a
 * disposable server, journaled like a game day. One record judges the archive (phase list);
 * one record per restore times restore-base, replay-wal, promote and validate (the RTO is list
 * plus these), then checks every page. The source is only listed and read.
 */
public final class Drill {
    /** Builds the substrate once the backup's PostgreSQL major version is known. */
    @FunctionalInterface
    public interface SubstrateFactory {
        DrillSubstrate create(int major, Journal journal) throws Exception;
    }

    private final DrillOptions o;
    private final SourceAccess access;
    private final SubstrateFactory factory;
    private final Progress progress;
    private final RunClock clock = new RunClock();

    public Drill(DrillOptions o, SourceAccess access, SubstrateFactory factory, Progress progress) {
        this.o = o;
        this.access = access;
        this.factory = factory;
        this.progress = progress;
    }

    /** One restore the drill makes: a backup and where replay stops (null: the end; {@link DrillSubstrate#BACKUP_END}). */
    record Plan(String label, BaseBackup backup, Instant target, String targetText) {}

    public Journal run(Path runsRoot) {
        access.probe(); // wrong key, endpoint, bucket, prefix or server: one line, before any run directory exists
        Journal j = Runner.open(runsRoot, o.substrate());
        try {
            body(j);
            j.finish("completed");
            return j;
        } catch (RuntimeException e) {
            j.finish("aborted");
            throw e;
        }
    }

    private void body(Journal j) throws RuntimeException {
        ScenarioRecord ar = j.scenario("archive", "list and judge the archive " + o.source());
        long t0 = clock.now();
        JournalPhases ap = new JournalPhases("archive", j, ar, progress, clock, t0);
        ap.tileFrom(t0);
        ArchiveCheck check = ap.phase("list", () -> {
            Archive a = Archive.list(access.client(), o.source());
            ap.note(a.backups().size() + " base backups, " + a.segments().size() + " WAL segments, " + a.objects() + " objects under " + o.source());
            ap.measure("baseBackups", a.backups().size());
            ap.measure("walSegments", a.segments().size());
            ap.measure("archiveBytes", a.bytes());
            return ArchiveCheck.of(a, access.client(), o.source().bucket());
        });
        long listNanos = clock.now() - t0;
        Instant now = Instant.now();
        ar.checks.add(check.archive());
        if (o.retention() != null) ar.checks.add(check.retention(o.retention(), now));
        ar.checks.add(check.rpoExposure(o.maxBackupAge(), o.maxWalAge(), now));
        List<Plan> plans = plans(check, ar);
        ar.status = "completed";
        ar.finished = Instant.now();
        ar.verdict = Verdict.overall(ar.checks, true).json();
        j.save();
        progress.scenarioFinished("archive", ar.verdict);
        if (!plans.isEmpty()) {
            int major = plans.get(0).backup().major();
            try (DrillSubstrate sub = create(major, j)) {
                synchronized (j) {
                    j.environment.put("restoredOnto", sub.facts());
                }
                for (Plan p : plans) restore(j, sub, p, listNanos, check);
            }
        }
        j.evidence = Evidence.of(j, o, check);
        j.save();
    }

    private DrillSubstrate create(int major, Journal j) {
        try {
            return factory.create(major, j);
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("cannot prepare the disposable server: " + e.getMessage(), e);
        }
    }

    /** The restores the target asks for; the newest complete backup that fits, never one that lost files. */
    private List<Plan> plans(ArchiveCheck check, ScenarioRecord ar) {
        List<ArchiveCheck.Chain> usable = check.chains().stream().filter(ArchiveCheck.Chain::usable).toList();
        List<Plan> plans = new ArrayList<>();
        switch (o.target().kind()) {
            case LATEST -> {
                if (!usable.isEmpty()) plans.add(new Plan("restore latest", usable.get(usable.size() - 1).backup(), null, "latest"));
            }
            case OLDEST -> {
                if (!usable.isEmpty()) plans.add(new Plan("restore oldest", usable.get(0).backup(), DrillSubstrate.BACKUP_END, "oldest"));
            }
            case TIME -> {
                BaseBackup pick = null;
                for (ArchiveCheck.Chain c : usable) if (c.backup().end().isBefore(o.target().time())) pick = c.backup();
                if (pick != null) plans.add(new Plan("restore to " + o.target().time(), pick, o.target().time(), o.target().time().toString()));
                else ar.checks.add(Verdict.of("restore-plan", Map.of("target", o.target().toString()),
                        List.of("no complete base backup ended before " + o.target().time() + ": that point cannot be restored")));
            }
            case EVERY_BACKUP -> {
                for (ArchiveCheck.Chain c : usable)
                    plans.add(new Plan("restore backup " + c.backup().id(), c.backup(), DrillSubstrate.BACKUP_END, "end of backup " + c.backup().id()));
            }
        }
        if (plans.isEmpty() && o.target().kind() != DrillTarget.Kind.TIME)
            ar.checks.add(Verdict.of("restore-plan", Map.of("target", o.target().toString()), List.of("no complete base backup to restore")));
        return plans;
    }

    private void restore(Journal j, DrillSubstrate sub, Plan p, long listNanos, ArchiveCheck check) {
        ScenarioRecord r = j.scenario(p.label(), "restore " + p.backup().label() + " to " + p.targetText() + " into a disposable server, then validate");
        long start = clock.now();
        JournalPhases ph = new JournalPhases(p.label(), j, r, progress, clock, start);
        ph.tileFrom(start);
        ph.measure("backupId", p.backup().id());
        ph.measure("target", p.targetText());
        DrillSubstrate.Restored restored = null;
        try {
            restored = sub.restore(p.backup(), p.target(), ph);
            DrillSubstrate.Restored rs = restored;
            ph.phase("validate", () -> validate(rs, p, check, ph, r));
            synchronized (j) {
                r.measurements.put("rtoMs", Math.round((listNanos + clock.now() - start) / 1e6));
                r.measurements.put("listMs", Math.round(listNanos / 1e6));
            }
            ph.phase("page-checksums", () -> {
                Verdict v = rs.pageChecksums();
                synchronized (j) {
                    r.checks.add(v);
                }
            });
            r.status = "completed";
        } catch (Exception e) {
            r.status = "failed";
            r.error = e instanceof GameDayException ? e.getMessage() : e.toString();
            r.checks.add(Verdict.unknown("procedure", "the restore did not finish: " + r.error));
        } finally {
            if (restored != null) restored.close();
            throughputs(r);
            r.finished = Instant.now();
            r.verdict = Verdict.overall(r.checks, "completed".equals(r.status)).json();
            j.save();
            progress.scenarioFinished(p.label(), r.verdict);
        }
    }

    private void validate(DrillSubstrate.Restored rs, Plan p, ArchiveCheck check, JournalPhases ph, ScenarioRecord r) throws Exception {
        List<Verdict> v = new ArrayList<>();
        v.add(connections(rs));
        v.add(recoveryPoint(rs, p, check));
        if (o.checks() != null) v.add(safely(TeamChecks.NAME, () -> {
            try (Connection c = rs.connect(o.checks().database())) {
                return o.checks().run(c);
            }
        }));
        if (o.objects() != null) v.add(safely(ObjectsCheck.NAME, () -> {
            try (Connection c = rs.connect(o.objects().database())) {
                return o.objects().run(c, access.client());
            }
        }));
        if (o.amcheck()) v.add(safely("amcheck", rs::amcheck));
        synchronized (r) {
            r.checks.addAll(v);
        }
        for (Verdict x : v) if (!x.valid()) ph.note(x.checker() + ": " + String.join("; ", x.reasons()));
    }

    private interface VerdictCall {
        Verdict call() throws Exception;
    }

    private static Verdict safely(String name, VerdictCall c) {
        try {
            return c.call();
        } catch (Exception e) {
            return Verdict.unknown(name, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        }
    }

    /** Every database that allows connections accepts one. */
    private static Verdict connections(DrillSubstrate.Restored rs) {
        List<String> dbs = new ArrayList<>(), problems = new ArrayList<>();
        try (Connection c = rs.connect("postgres"); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
            while (rows.next()) dbs.add(rows.getString(1));
        } catch (Exception e) {
            return Verdict.of("connections", Map.of(), List.of("the restored server refuses connections: " + e.getMessage()));
        }
        for (String db : dbs) {
            try (Connection c = rs.connect(db)) {
                if (!c.isValid(10)) problems.add("database " + db + " does not answer");
            } catch (Exception e) {
                problems.add("database " + db + " refuses connections: " + e.getMessage());
            }
        }
        return Verdict.of("connections", Map.of("databases", dbs), problems);
    }

    /**
     * The point replay reached (the last replayed commit) against the one asked for. To the latest,
     * replay must reach the newest segment of the backup's WAL chain, or it stopped at a gap.
     */
    private static Verdict recoveryPoint(DrillSubstrate.Restored rs, Plan p, ArchiveCheck check) throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try (Connection c = rs.connect("postgres"); Statement s = c.createStatement(); ResultSet q = s.executeQuery(
                "SELECT pg_last_xact_replay_timestamp(), pg_walfile_name(pg_last_wal_replay_lsn()), pg_last_wal_replay_lsn()::text, pg_is_in_recovery()")) {
            q.next();
            java.sql.Timestamp last = q.getTimestamp(1);
            Instant reached = last == null ? null : last.toInstant();
            f.put("target", p.targetText());
            f.put("backupEnd", String.valueOf(p.backup().end()));
            f.put("lastReplayedCommit", reached == null ? "none after the backup" : reached.toString());
            f.put("lastReplayedLsn", q.getString(3));
            if (q.getBoolean(4)) problems.add("the restored server is still in recovery");
            if (p.target() != null && p.target() != DrillSubstrate.BACKUP_END) {
                if (reached != null) {
                    f.put("behindTargetMs", Duration.between(reached, p.target()).toMillis());
                    if (reached.isAfter(p.target())) problems.add("replay went past the target: " + reached + " > " + p.target());
                }
            }
            if (p.target() == null) {
                ArchiveCheck.Chain chain = check.chainOf(p.backup());
                String end = chain.lastReachable();
                f.put("archiveEnd", String.valueOf(end));
                String replayed = q.getString(2);
                // after a WAL switch the replay position is the start of the next segment: at or past the last one is the end
                if (end != null && replayed != null && replayed.substring(8).compareTo(end.substring(8)) < 0)
                    problems.add("replay stopped in segment " + replayed.substring(8) + " before the end of the archive (" + end + ")");
                if (chain.firstMissing() != null) problems.add("the latest point is out of reach: WAL segment " + chain.firstMissing() + " is missing");
            }
        }
        return Verdict.of("recovery-point", f, problems);
    }

    /** restore-base MB/s and replay segments/s from the phases' own times. */
    private static void throughputs(ScenarioRecord r) {
        double base = seconds(r, "restore-base"), replay = seconds(r, "replay-wal");
        if (base > 0 && r.measurements.get("baseBackupBytes") instanceof Number n) r.measurements.put("restoreBaseMBps", round(n.doubleValue() / 1048576 / base));
        if (replay > 0 && r.measurements.get("walSegmentsRestored") instanceof Number n && n.longValue() >= 0)
            r.measurements.put("replaySegmentsPerSecond", round(n.doubleValue() / replay));
    }

    private static double seconds(ScenarioRecord r, String phase) {
        return r.phases.stream().filter(x -> x.name().equals(phase) && x.endMs() != null && "ok".equals(x.status()))
                .mapToDouble(x -> (x.endMs() - x.startMs()) / 1000).findFirst().orElse(-1);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
