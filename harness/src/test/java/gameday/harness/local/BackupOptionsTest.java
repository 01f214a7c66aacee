package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.EnvironmentSpec;
import gameday.harness.EnvironmentSpec.Compression;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** barman-cloud-backup gets the jobs and compression an environment was built with, as CNPG's data.jobs and data.compression. */
class BackupOptionsTest {
    private static final Barman BARMAN = new Barman("http://127.0.0.1:9000", "backups");

    @Test
    void theDefaultsAreTheChosenOnes() {
        List<String> cmd = BARMAN.backupCommand("b1", "pg-main", 5432);
        assertEquals(String.valueOf(EnvironmentSpec.DEFAULT_BACKUP_JOBS), cmd.get(cmd.indexOf("--jobs") + 1));
        for (Compression c : Compression.values()) if (c.flag != null) assertEquals(c == EnvironmentSpec.DEFAULT_BACKUP_COMPRESSION, cmd.contains(c.flag), c.flag);
        assertEquals(List.of("s3://backups", "pg-main"), cmd.subList(cmd.size() - 2, cmd.size()), "destination and server name last");
        assertTrue(cmd.contains("--immediate-checkpoint"));
    }

    @Test
    void jobsAndCompressionReachTheCommandLine() {
        List<String> gzip4 = BARMAN.withBackup(4, Compression.GZIP).backupCommand("b1", "pg-main", 5432);
        assertEquals("4", gzip4.get(gzip4.indexOf("--jobs") + 1));
        assertEquals(1, Collections.frequency(gzip4, "--gzip"));
        assertFalse(gzip4.contains("--bzip2"));
        List<String> none1 = BARMAN.withBackup(1, Compression.NONE).backupCommand("b1", "pg-main", 5432);
        assertEquals("1", none1.get(none1.indexOf("--jobs") + 1));
        assertTrue(none1.stream().noneMatch(a -> a.equals("--gzip") || a.equals("--bzip2") || a.equals("--snappy")), none1.toString());
        // -j is barman's bzip2 flag, not jobs: the harness never uses the short forms
        assertFalse(gzip4.contains("-j") || gzip4.contains("-J"));
    }

    @Test
    void anEnvironmentRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> EnvironmentSpec.DEFAULT.withBackup(0, Compression.NONE));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentSpec.DEFAULT.withBackup(2, null));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentSpec.DEFAULT.withWalMaxParallel(0));
        EnvironmentSpec s = EnvironmentSpec.DEFAULT.withBackup(4, Compression.GZIP).withDrRegion().withArchiveTimeout(java.time.Duration.ofSeconds(5));
        assertEquals(4, s.backupJobs(), "other withers keep the backup options");
        assertEquals(Compression.GZIP, s.backupCompression());
        assertTrue(s.goldenSteadyState() && !s.withGoldenSteadyState(false).goldenSteadyState());
    }
}
