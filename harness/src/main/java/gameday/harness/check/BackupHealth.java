package gameday.harness.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's "Verifying backup health", as a checker, to catch silent backup failures. It
 * judges signals that come from different places on purpose, since a silent failure shows as a
 * gap between them; each substrate reads them its own way through a {@link Source}:
 * <ol>
 * <li>the last successful base backup, against the backup schedule;</li>
 * <li>continuous archiving as the server or the operator sees it ({@code pg_stat_archiver}, CNPG's
 *     {@code ContinuousArchiving} condition);</li>
 * <li>what the bucket holds: base backups and WAL at all, the age of the newest WAL object, and,
 *     where the source knows the segment the server is writing, the completed segments missing
 *     from the archive (lag or breakage, whatever the archiver says).</li>
 * </ol>
 */
public final class BackupHealth implements Checker {
    public static final String NAME = "backup-health";

    /** Where one substrate reads the signals; what it cannot read goes into {@link Signals#unreadable()}. */
    @FunctionalInterface
    public interface Source {
        Signals read();
    }

    /**
     * One reading. A null says the source does not give that signal, except where said.
     *
     * @param lastSuccessfulBackup end of the newest completed base backup; null: there is none
     * @param backupFrom           where that came from
     * @param archivingProblem     what the server or operator says is wrong with archiving, in its words; null: nothing
     * @param currentWal           the WAL file the server is writing
     * @param walSegmentSize       the server's {@code wal_segment_size}, bytes (read with {@code currentWal})
     * @param archive              what the bucket holds; null when it was not listed
     * @param unreadable           signals that could not be read, in words
     */
    public record Signals(Instant lastSuccessfulBackup, String backupFrom, String archivingProblem, String currentWal, long walSegmentSize,
                          Archive archive, List<String> unreadable) {}

    /**
     * The newest objects under {@code <serverName>/base/} and {@code <serverName>/wals/}; null: none.
     * {@code newestSegment} is the newest WAL segment by name, null when the source does not tell.
     */
    public record Archive(Instant newestBase, Instant newestWal, String newestSegment) {}

    /** @param problems everything wrong, in words, including what could not be read; empty when healthy */
    public record Report(Instant checkedAt, Signals signals, Duration lastBackupAge, Long segmentsBehind, List<String> problems) {
        public boolean healthy() {
            return problems.isEmpty();
        }

        public boolean archiverFailing() {
            return signals.archivingProblem() != null;
        }
    }

    private final Source source;
    private final Duration maxBackupAge;
    private final Duration maxWalAge;

    /**
     * @param maxBackupAge how old the newest base backup may be (the runbook's schedule is daily)
     * @param maxWalAge    how old the newest WAL object may be; null: not judged
     */
    public BackupHealth(Source source, Duration maxBackupAge, Duration maxWalAge) {
        this.source = source;
        this.maxBackupAge = maxBackupAge;
        this.maxWalAge = maxWalAge;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Reads the signals now and judges them. */
    public Report probe() {
        return judge(source.read(), Instant.now(), maxBackupAge, maxWalAge);
    }

    /** A problem makes the verdict invalid; a signal that could not be read makes it unknown. */
    @Override
    public Verdict check(Context ctx) {
        Report r = probe();
        Map<String, Object> f = new LinkedHashMap<>();
        if (r.lastBackupAge() != null) f.put("lastBackupAgeS", r.lastBackupAge().toSeconds());
        f.put("archiverFailing", r.archiverFailing());
        if (r.segmentsBehind() != null) f.put("segmentsBehind", r.segmentsBehind());
        List<String> problems = new ArrayList<>(r.problems());
        problems.removeAll(r.signals().unreadable());
        return Verdict.of(NAME, f, problems, r.signals().unreadable());
    }

    /** The rules, on one reading taken at {@code now}. */
    public static Report judge(Signals s, Instant now, Duration maxBackupAge, Duration maxWalAge) {
        List<String> p = new ArrayList<>();
        if (s.archivingProblem() != null) p.add(s.archivingProblem());
        Duration age = s.lastSuccessfulBackup() == null ? null : Duration.between(s.lastSuccessfulBackup(), now);
        if (age == null) p.add("no successful base backup");
        else if (age.compareTo(maxBackupAge) > 0)
            p.add("last base backup is " + age.toSeconds() + " s old (max " + maxBackupAge.toSeconds() + " s)");
        Long behind = null;
        Archive a = s.archive();
        if (a != null) {
            if (a.newestBase() == null) p.add("no objects under base/");
            if (a.newestWal() == null) p.add("no objects under wals/");
            else if (maxWalAge != null && a.newestWal().isBefore(now.minus(maxWalAge)))
                p.add("newest WAL object " + a.newestWal() + " is older than " + maxWalAge);
            if (s.currentWal() != null && a.newestSegment() != null) {
                // the segment being written is not complete, and one completed segment may be on its way
                behind = WalFile.segmentNumber(s.currentWal(), s.walSegmentSize()) - WalFile.segmentNumber(a.newestSegment(), s.walSegmentSize()) - 1;
                if (behind > 1)
                    p.add(behind + " completed WAL segments are not in the archive (newest there " + a.newestSegment() + ", writing " + s.currentWal() + ")");
            }
        }
        p.addAll(s.unreadable());
        return new Report(now, s, age, behind, List.copyOf(p));
    }
}
