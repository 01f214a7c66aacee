package gameday.harness.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Progress;
import gameday.harness.check.Verdict;
import gameday.harness.drill.BackupSource;
import gameday.harness.drill.Drill;
import gameday.harness.drill.DrillOptions;
import gameday.harness.drill.DrillTarget;
import gameday.harness.drill.ObjectsCheck;
import gameday.harness.drill.SourceAccess;
import gameday.harness.drill.TeamChecks;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.credentials.StaticProvider;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gameday drill} against a team's archive that a plain script filled (a {@link TeamArchive}
 * on its own S3 server with its own credentials): each target restores exactly the rows the
 * history says, each planted defect is caught and named, and after every drill the source bucket
 * is unchanged, nothing is left running or on disk, and no credential is in any file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrillTest {
    @TempDir
    static Path dir;
    TeamArchive team;
    String backupA, backupB;
    Instant pitrTarget;
    long rowsAtA, rowsAtT, rowsAtB, rowsLatest, objects;
    String relPath;
    int run;

    @BeforeAll
    void fillTheTeamsBucket() throws Exception {
        team = new TeamArchive(dir.resolve("team"));
        team.rows(1, 2000);
        rowsAtA = team.count("SELECT count(*) FROM app_rows");
        backupA = team.backup();
        team.rows(2, 500);
        pitrTarget = team.now(); // after batch 2 committed, before batch 3 began
        rowsAtT = team.count("SELECT count(*) FROM app_rows");
        team.rows(3, 500);
        team.archived();
        rowsAtB = team.count("SELECT count(*) FROM app_rows");
        backupB = team.backup();
        team.rows(4, 300);
        team.archived(); // batch 4 in a segment of its own, after backup B: a gap there costs exactly it
        team.objects(20, "x");
        team.archived();
        rowsLatest = team.count("SELECT count(*) FROM app_rows");
        objects = team.count("SELECT count(*) FROM objects");
        try (var c = team.cluster().connect("app"); var s = c.createStatement(); var rs = s.executeQuery("SELECT pg_relation_filepath('app_rows')")) {
            rs.next();
            relPath = rs.getString(1);
        }
        team.stop();
    }

    @AfterAll
    void close() throws Exception {
        if (team != null) team.close();
    }

    private Path checks(String yaml) throws Exception {
        return Files.writeString(dir.resolve("checks-" + (++run) + ".yaml"), yaml);
    }

    private static final String COUNT_CHECK = "checks:\n  - name: rows\n    sql: SELECT count(*) FROM app_rows\n    min: 1\n";

    /** One drill, then the read-only, nothing-left and no-credential checks that hold after every drill. */
    private Journal drill(String bucket, DrillTarget target, TeamChecks checks, ObjectsCheck objects, Duration retention, Duration maxBackupAge,
                          boolean amcheck) throws Exception {
        BackupSource source = BackupSource.of("s3://" + bucket + "/" + TeamArchive.PATH, TeamArchive.SERVER, team.endpoint());
        Map<String, String> cred = team.credentials();
        SourceAccess access = SourceAccess.of(source, new StaticProvider(cred.get("AWS_ACCESS_KEY_ID"), cred.get("AWS_SECRET_ACCESS_KEY"), null));
        TreeSet<String> before = team.snapshot(bucket), appBefore = team.snapshot(TeamArchive.APP_BUCKET);
        DrillOptions o = new DrillOptions(source, target, checks, objects, retention, maxBackupAge, null, amcheck, "local");
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Journal j = new Drill(o, access, (major, journal) -> new LocalDrill(access, major, journal.runId, journal.file().getParent().resolve("drill"), 4),
                Progress.SILENT).run(runs);
        assertEquals(before, team.snapshot(bucket), "the source bucket's (key, size, ETag) set is unchanged");
        assertEquals(appBefore, team.snapshot(TeamArchive.APP_BUCKET), "the application bucket is unchanged");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments().map(a -> String.join(" ", a).contains(j.runId)).orElse(false)),
                "no process of the drill is left");
        Path runDir = j.file().getParent();
        assertFalse(Files.exists(runDir.resolve("drill").resolve("pg").resolve("drill-1")), "the restored data directory is removed");
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + j.runId)), "no temporary directory is left");
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String secret : team.secrets()) assertFalse(text.contains(secret), "a credential is in " + f);
            }
        }
        return j;
    }

    private static ScenarioRecord record(Journal j, String prefix) {
        return j.scenarios.stream().filter(s -> s.name.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no record " + prefix
                + " in " + j.scenarios.stream().map(s -> s.name + ": " + s.error).toList()));
    }

    private static Verdict check(ScenarioRecord s, String name) {
        return s.checks.stream().filter(v -> v.checker().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + s.checks));
    }

    private static long restoredRows(ScenarioRecord s) {
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) check(s, TeamChecks.NAME).figures().get("results");
        return Long.parseLong(String.valueOf(results.get("rows")));
    }

    private static String reasons(Journal j) {
        List<String> all = new ArrayList<>();
        for (ScenarioRecord s : j.scenarios) {
            if (s.error != null) all.add(s.error);
            for (Verdict v : s.checks) all.addAll(v.reasons());
        }
        return String.join("\n", all);
    }

    @Test
    void latestRestoresEveryRowAndEveryObjectAndPassesEveryCheck() throws Exception {
        TeamChecks checks = TeamChecks.load(checks(COUNT_CHECK + "  - name: objects\n    sql: SELECT count(*) FROM objects\n    equals: " + objects + "\n"), null);
        Journal j = drill(TeamArchive.BACKUP_BUCKET, DrillTarget.parse("latest"), checks,
                ObjectsCheck.parse("app", "objects:key:size:sha256", "s3://" + TeamArchive.APP_BUCKET, null), null, Duration.ofHours(1), true);
        ScenarioRecord r = record(j, "restore latest");
        assertEquals("valid", r.verdict, () -> reasons(j));
        assertEquals(rowsLatest, restoredRows(r));
        assertEquals(backupB, r.measurements.get("backupId"), "the newest backup");
        assertEquals(objects, check(r, "consistency").figure("rows").orElseThrow());
        assertEquals(0, check(r, "consistency").figure("dangling").orElseThrow());
        assertEquals(true, check(r, "page-checksums").figures().get("enabled"));
        assertTrue(check(r, "page-checksums").figure("blocksScanned").orElseThrow() > 0);
        assertTrue(((Number) r.measurements.get("rtoMs")).longValue() > 0);
        for (String phase : List.of("restore-base", "replay-wal", "validate"))
            assertTrue(r.phases.stream().anyMatch(p -> p.name().equals(phase) && "ok".equals(p.status())), phase);
        assertEquals("valid", record(j, "archive").verdict, () -> reasons(j));
        assertNotNull(j.evidence);
        assertEquals(TeamArchive.SERVER, ((Map<?, ?>) j.evidence.get("from")).get("serverName"));
    }

    @Test
    void aTimeTargetRestoresTheRowsCommittedBeforeIt() throws Exception {
        Journal j = drill(TeamArchive.BACKUP_BUCKET, new DrillTarget(DrillTarget.Kind.TIME, pitrTarget), TeamChecks.load(checks(COUNT_CHECK), null), null,
                null, null, false);
        ScenarioRecord r = record(j, "restore to");
        assertEquals("valid", r.verdict, () -> reasons(j));
        assertEquals(rowsAtT, restoredRows(r));
        assertEquals(backupA, r.measurements.get("backupId"), "the newest backup that ended before the target");
        long behind = check(r, "recovery-point").figure("behindTargetMs").orElseThrow();
        assertFalse(behind < 0, () -> "the last replayed commit is " + -behind + " ms after the target");
    }

    @Test
    void oldestAndEveryBackupRestoreEachBackupToItsOwnEnd() throws Exception {
        Journal oldest = drill(TeamArchive.BACKUP_BUCKET, DrillTarget.parse("oldest"), TeamChecks.load(checks(COUNT_CHECK), null), null, null, null, false);
        assertEquals(rowsAtA, restoredRows(record(oldest, "restore oldest")), () -> reasons(oldest));
        Journal every = drill(TeamArchive.BACKUP_BUCKET, DrillTarget.parse("every-backup"), TeamChecks.load(checks(COUNT_CHECK), null), null, null, null,
                false);
        assertEquals(rowsAtA, restoredRows(record(every, "restore backup " + backupA)), () -> reasons(every));
        assertEquals(rowsAtB, restoredRows(record(every, "restore backup " + backupB)), () -> reasons(every));
        assertTrue(every.scenarios.stream().allMatch(ScenarioRecord::asExpected), () -> reasons(every));
    }

    /** Four defects in one drill, each named: a failing check, a dangling object, a stale backup, a retention not held. */
    @Test
    void aFailingCheckADanglingObjectAStaleBackupAndAShortArchiveAreEachNamed() throws Exception {
        team.copyBucket(TeamArchive.APP_BUCKET, "app-lost-one");
        String lost = team.snapshot("app-lost-one").first().split(" ")[0];
        team.client().removeObject(RemoveObjectArgs.builder().bucket("app-lost-one").object(lost).build());
        TeamChecks checks = TeamChecks.load(checks(COUNT_CHECK + "  - name: no-rows-of-batch-4\n    sql: SELECT count(*) FROM app_rows WHERE batch = 4\n"
                + "    max: 0\n"), null);
        Journal j = drill(TeamArchive.BACKUP_BUCKET, DrillTarget.parse("latest"), checks,
                ObjectsCheck.parse("app", "objects:key:size:sha256", "s3://app-lost-one", 5), Duration.ofDays(30), Duration.ofSeconds(1), false);
        String why = reasons(j);
        assertTrue(why.contains("check 'no-rows-of-batch-4' failed"), why);
        assertTrue(why.contains("dangling"), why);
        assertEquals(List.of(lost), check(record(j, "restore latest"), "consistency").figures().get("danglingSample"));
        assertTrue(why.contains("last base backup is"), why);
        assertTrue(why.contains("--retention 30d is not held"), why);
        assertEquals("invalid", record(j, "archive").verdict);
        assertEquals("invalid", record(j, "restore latest").verdict);
    }

    @Test
    void aWalSegmentDeletedMidChainIsNamed() throws Exception {
        team.copyBucket(TeamArchive.BACKUP_BUCKET, "gap");
        List<String> segments = new ArrayList<>();
        for (Result<Item> r : team.client().listObjects(ListObjectsArgs.builder().bucket("gap").prefix(TeamArchive.PATH + "/" + TeamArchive.SERVER + "/wals/")
                .recursive(true).build())) {
            String k = r.get().objectName();
            if (k.matches(".*/[0-9A-F]{24}(\\.gz)?")) segments.add(k);
        }
        String endOfB;
        try (InputStream in = team.client().getObject(GetObjectArgs.builder().bucket("gap")
                .object(TeamArchive.PATH + "/" + TeamArchive.SERVER + "/base/" + backupB + "/backup.info").build())) {
            endOfB = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s).*\nend_wal=(\\w+).*", "$1");
        }
        // the first segment after backup B's end, with newer segments after it: the middle of the chain
        String victim = segments.stream().filter(k -> k.substring(k.lastIndexOf('/') + 1).compareTo(endOfB) > 0).findFirst().orElseThrow();
        assertTrue(segments.indexOf(victim) < segments.size() - 1, "newer segments follow the victim");
        team.client().removeObject(RemoveObjectArgs.builder().bucket("gap").object(victim).build());
        String name = victim.substring(victim.lastIndexOf('/') + 1, victim.lastIndexOf('/') + 25);
        Journal j = drill("gap", DrillTarget.parse("latest"), TeamChecks.load(checks(COUNT_CHECK), null), null, null, null, false);
        String why = reasons(j);
        assertTrue(why.contains("segment " + name + " is missing"), why);
        assertEquals("invalid", record(j, "archive").verdict);
        assertEquals("invalid", record(j, "restore latest").verdict, why);
        assertEquals(rowsAtB, restoredRows(record(j, "restore latest")), "replay stopped at the gap: batch 4 is lost");
    }

    @Test
    void aBackupThatLostItsDataFileAndATruncatedTarAreNamed() throws Exception {
        team.copyBucket(TeamArchive.BACKUP_BUCKET, "lost-files");
        String base = TeamArchive.PATH + "/" + TeamArchive.SERVER + "/base/";
        team.client().removeObject(RemoveObjectArgs.builder().bucket("lost-files").object(base + backupB + "/data.tar").build());
        byte[] tar;
        try (InputStream in = team.client().getObject(GetObjectArgs.builder().bucket("lost-files").object(base + backupA + "/data.tar").build())) {
            tar = in.readAllBytes();
        }
        byte[] half = java.util.Arrays.copyOf(tar, tar.length / 2);
        team.client().putObject(PutObjectArgs.builder().bucket("lost-files").object(base + backupA + "/data.tar")
                .stream(new ByteArrayInputStream(half), (long) half.length, -1L).build());
        Journal j = drill("lost-files", DrillTarget.parse("latest"), null, null, null, null, false);
        String why = reasons(j);
        assertTrue(why.lines().anyMatch(l -> l.startsWith("backup " + backupB + " ") && l.contains("has lost its data files")), why);
        assertTrue(why.lines().anyMatch(l -> l.startsWith("backup " + backupA + " ") && l.contains("data.tar is truncated")), why);
        assertTrue(why.contains("no complete base backup to restore"), why);
        assertEquals(1, j.scenarios.size(), "nothing was restored from a broken backup");
    }

    @Test
    void aCorruptedPageIsFoundByPgChecksums() throws Exception {
        team.copyBucket(TeamArchive.BACKUP_BUCKET, "corrupt");
        String key = TeamArchive.PATH + "/" + TeamArchive.SERVER + "/base/" + backupB + "/data.tar";
        byte[] tar;
        try (InputStream in = team.client().getObject(GetObjectArgs.builder().bucket("corrupt").object(key).build())) {
            tar = in.readAllBytes();
        }
        long at = TarEntries.offsetOf(tar, relPath);
        for (int i = 0; i < 64; i++) tar[(int) at + 4096 + i] ^= (byte) 0x5a; // the middle of block 0: tuple data, the header stays plausible
        team.client().putObject(PutObjectArgs.builder().bucket("corrupt").object(key).stream(new ByteArrayInputStream(tar), (long) tar.length, -1L).build());
        Journal j = drill("corrupt", DrillTarget.parse("latest"), null, null, null, null, false);
        Verdict v = check(record(j, "restore latest"), "page-checksums");
        assertEquals(Verdict.Validity.INVALID, v.validity(), () -> reasons(j));
        assertTrue(String.join("\n", v.reasons()).contains(relPath + "\", block 0"), v.reasons().toString());
        assertEquals(1L, v.figure("badChecksums").orElseThrow());
    }
}
