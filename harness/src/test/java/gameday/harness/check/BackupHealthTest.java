package gameday.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backup health rules on hand-made readings, as a local (SQL + bucket) source would give them. */
class BackupHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-23T13:00:00Z");
    private static final long MB16 = 16L << 20;
    private static final BackupHealth.Archive ARCHIVE = new BackupHealth.Archive(NOW.minusSeconds(600), NOW.minusSeconds(5), "0000000100000000000000FE");

    private static BackupHealth.Signals reading(String archivingProblem, String currentWal, List<String> unreadable) {
        return new BackupHealth.Signals(NOW.minusSeconds(600), "test", archivingProblem, currentWal, MB16, ARCHIVE, unreadable);
    }

    private static BackupHealth.Report judge(BackupHealth.Signals s) {
        return BackupHealth.judge(s, NOW, Duration.ofHours(25), null);
    }

    @Test
    void oneCompletedSegmentOnItsWayIsHealthy() {
        BackupHealth.Report r = judge(reading(null, "000000010000000100000000", List.of()));
        assertTrue(r.healthy(), r.problems().toString());
        assertEquals(1L, r.segmentsBehind()); // ...FF completed, not yet archived; log file 1 being written
    }

    @Test
    void segmentsMissingFromTheArchiveAreAProblemAcrossALogFileBoundary() {
        BackupHealth.Report r = judge(reading(null, "000000010000000100000001", List.of()));
        assertEquals(2L, r.segmentsBehind());
        assertEquals(List.of("2 completed WAL segments are not in the archive (newest there 0000000100000000000000FE, writing 000000010000000100000001)"),
                r.problems());
        assertFalse(r.archiverFailing());
    }

    @Test
    void whatTheArchiverSaysAndAnOldBackupAreProblems() {
        BackupHealth.Signals s = new BackupHealth.Signals(NOW.minus(Duration.ofHours(26)), "test", "continuous archiving is failing: 3 failures, last on X",
                null, 0, ARCHIVE, List.of());
        BackupHealth.Report r = judge(s);
        assertTrue(r.archiverFailing());
        assertEquals(List.of("continuous archiving is failing: 3 failures, last on X", "last base backup is 93600 s old (max 90000 s)"), r.problems());
    }

    @Test
    void asACheckerAProblemIsInvalidAndAnUnreadableSignalUnknown() {
        Checker.Context none = new Checker.Context(List.of(), null, null, 0, List.of());
        Verdict failing = new BackupHealth(() -> reading("continuous archiving is failing: 1 failures, last on X", null, List.of()), Duration.ofDays(3650), null).check(none);
        assertEquals(Verdict.Validity.INVALID, failing.validity());
        Verdict unread = new BackupHealth(() -> reading(null, null, List.of("cannot read pg_stat_archiver: connection refused")), Duration.ofDays(3650), null).check(none);
        assertEquals(Verdict.Validity.UNKNOWN, unread.validity());
        assertEquals(List.of("cannot read pg_stat_archiver: connection refused"), unread.reasons());
    }
}
