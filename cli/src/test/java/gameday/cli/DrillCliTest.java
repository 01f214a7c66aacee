package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.Journal;
import gameday.harness.local.TeamArchive;
import gameday.harness.s3.Sha256;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gameday drill} as a user runs it: a subprocess in its own working directory, relative
 * paths, credentials only in the environment. A team's archive on its own S3 server; bad input
 * gives exit 2 and one line; a drill from a CNPG manifest gives exit 0 with reports and evidence;
 * and the source bucket is unchanged, with no credential in any output.
 */
class DrillCliTest {
    @TempDir
    static Path dir;
    static TeamArchive team;
    static long rows;

    @BeforeAll
    static void aTeamsArchive() throws Exception {
        team = new TeamArchive(dir.resolve("team"));
        team.rows(1, 1000);
        team.backup();
        team.rows(2, 200);
        team.archived();
        rows = team.count("SELECT count(*) FROM app_rows");
        team.stop();
    }

    @AfterAll
    static void close() throws Exception {
        if (team != null) team.close();
    }

    static BadInputTest.Result drill(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "drill"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "gameday drill did not exit");
        return new BadInputTest.Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    static String from() {
        return "s3://" + TeamArchive.BACKUP_BUCKET + "/" + TeamArchive.PATH;
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Map<String, String> creds = team.credentials();
        Map<String, String> wrong = new HashMap<>(creds);
        wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret-of-this-store");
        BadInputTest.assertOneLineError(drill(wrong, "--from", from(), "--server-name", TeamArchive.SERVER, "--endpoint", team.endpoint()),
                "rejected the credentials");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        BadInputTest.assertOneLineError(drill(creds, "--from", from(), "--server-name", TeamArchive.SERVER, "--endpoint", "http://127.0.0.1:" + closed),
                "is unreachable");
        BadInputTest.assertOneLineError(drill(creds, "--from", from(), "--server-name", "no-such-server", "--endpoint", team.endpoint()),
                "no server 'no-such-server' under " + from() + " (check --server-name; the folders there are " + TeamArchive.SERVER + ")");
        BadInputTest.assertOneLineError(drill(creds, "--from", "s3://" + TeamArchive.BACKUP_BUCKET + "/nothing-here", "--server-name", TeamArchive.SERVER,
                "--endpoint", team.endpoint()), "s3://" + TeamArchive.BACKUP_BUCKET + "/nothing-here is empty");
        BadInputTest.assertOneLineError(drill(Map.of(), "--from", from(), "--server-name", TeamArchive.SERVER, "--endpoint", team.endpoint()),
                "no AWS credentials");
        Files.writeString(dir.resolve("bad-checks.yaml"), "checks:\n  - name: rows\n    sql: SELECT 1\n");
        BadInputTest.assertOneLineError(drill(creds, "--from", from(), "--server-name", TeamArchive.SERVER, "--endpoint", team.endpoint(),
                "--check", "bad-checks.yaml"), "has no expectation");
        Files.writeString(dir.resolve("no-store.yaml"), "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: pg\nspec:\n  instances: 3\n");
        BadInputTest.assertOneLineError(drill(creds, "--from-manifest", "no-store.yaml"), "has no object store");
        assertTrue(Files.notExists(dir.resolve("runs")) || isEmpty(dir.resolve("runs")), "bad input leaves no run directory");
    }

    @Test
    void aBackupOfAMajorVersionNotInstalledNamesThePackageAndTheAlternative() throws Exception {
        team.copyBucket(TeamArchive.BACKUP_BUCKET, "pg99");
        String info = null;
        for (var r : team.client().listObjects(ListObjectsArgs.builder().bucket("pg99").recursive(true).build()))
            if (r.get().objectName().endsWith("/backup.info")) info = r.get().objectName();
        String text;
        try (InputStream in = team.client().getObject(GetObjectArgs.builder().bucket("pg99").object(info).build())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^version=\\d+", "version=990000");
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        team.client().putObject(PutObjectArgs.builder().bucket("pg99").object(info).stream(new ByteArrayInputStream(b), (long) b.length, -1L).build());
        BadInputTest.Result r = drill(team.credentials(), "--from", "s3://pg99/" + TeamArchive.PATH, "--server-name", TeamArchive.SERVER, "--endpoint",
                team.endpoint(), "--runs-dir", "runs-pg99");
        // the list phase ran (and said so on stderr) before the version was known: the error is its one last line
        assertEquals(2, r.code(), r::err);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), r::err);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("gameday: error:")).count(), r::err);
        String last = r.err().strip().lines().reduce((a, b2) -> b2).orElse("");
        assertTrue(last.contains("the backup is PostgreSQL 99, which is not installed here: install it ('apt-get install postgresql-99') "
                + "or restore on Kubernetes with --substrate kubernetes"), last);
    }

    @Test
    void aDrillFromACnpgManifestPassesWritesTheEvidenceAndLeavesTheBucketAlone() throws Exception {
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  instances: 3
                  backup:
                    barmanObjectStore:
                      destinationPath: %s
                      endpointURL: %s
                      s3Credentials:
                        accessKeyId: {name: team-s3, key: ACCESS_KEY_ID}
                        secretAccessKey: {name: team-s3, key: ACCESS_SECRET_KEY}
                """.formatted(TeamArchive.SERVER, from(), team.endpoint()));
        Files.writeString(dir.resolve("checks.yaml"), "database: app\nchecks:\n  - name: rows\n    sql: SELECT count(*) FROM app_rows\n    equals: " + rows + "\n");
        TreeSet<String> before = team.snapshot(TeamArchive.BACKUP_BUCKET);
        BadInputTest.Result r = drill(team.credentials(), "--from-manifest", "cluster.yaml", "--check", "checks.yaml", "--runs-dir", "runs-ok",
                "--max-backup-age", "1h", "--max-wal-age", "1h");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertEquals(before, team.snapshot(TeamArchive.BACKUP_BUCKET), "the source bucket is unchanged");
        assertTrue(r.out().contains("restore latest: VALID"), r.out());
        Path runDir;
        try (Stream<Path> s = Files.list(dir.resolve("runs-ok"))) {
            runDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String md = Files.readString(runDir.resolve("report.md")), html = Files.readString(runDir.resolve("report.html"));
        String sha = Sha256.of(Files.readAllBytes(runDir.resolve("journal.json")));
        for (String report : List.of(md, html)) {
            assertTrue(report.contains("Evidence"), "evidence section");
            assertTrue(report.contains(sha), "the SHA-256 of the journal");
            assertTrue(report.contains("DORA Art. 12(3)") && report.contains("ISO/IEC 27001:2022 A.8.13") && report.contains("SOC 2 A1.3"));
            assertTrue(report.contains("not a statement of compliance"));
        }
        assertTrue(Files.exists(runDir.resolve("junit.xml")) && Files.isDirectory(runDir.resolve("allure-results")));
        Journal j = Journal.read(runDir);
        assertEquals(1, j.scenarios.stream().filter(s -> s.name.equals("restore latest") && s.asExpected()).count());
        assertNoCredential(r.out() + r.err(), "the output");
        try (Stream<Path> files = Files.walk(dir.resolve("runs-ok"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) assertNoCredential(Files.readString(f, StandardCharsets.ISO_8859_1), f.toString());
        }
    }

    @Test
    void aTargetNoBackupCanReachExitsOne() throws Exception {
        BadInputTest.Result r = drill(team.credentials(), "--from", from(), "--server-name", TeamArchive.SERVER, "--endpoint", team.endpoint(),
                "--target", "2000-01-01T00:00:00Z", "--runs-dir", "runs-early", "--no-reports");
        assertEquals(1, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("no complete base backup ended before 2000-01-01T00:00:00Z"), r.out());
    }

    static void assertNoCredential(String text, String where) {
        for (String secret : team.secrets()) assertFalse(text.contains(secret), "a credential is in " + where);
    }

    static boolean isEmpty(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }
}
