package gameday.cli;

import gameday.harness.GameDayException;
import gameday.harness.EnvironmentSpec;
import gameday.harness.drill.BackupSource;
import gameday.harness.drill.Drill;
import gameday.harness.drill.DrillOptions;
import gameday.harness.drill.DrillTarget;
import gameday.harness.drill.Durations;
import gameday.harness.drill.Manifest;
import gameday.harness.drill.ObjectsCheck;
import gameday.harness.drill.SourceAccess;
import gameday.harness.drill.TeamChecks;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalDrill;
import gameday.reports.DrillSummary;
import gameday.reports.Reports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Restore a team's real CloudNativePG / barman-cloud backups, read-only, into a disposable server; judge the archive, "
                + "measure the RTO and the recovery point, run the team's checks, and write the journal, the reports and an evidence section.",
                "Credentials come from the AWS environment or profile chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE), never from "
                        + "the command line; read-only credentials are enough. Nothing is written to the source bucket."})
final class DrillCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "s3://BUCKET/PATH", description = "The destinationPath of the backups.")
    String from;

    @Option(names = "--server-name", paramLabel = "NAME", description = "The barman server name (CNPG: the cluster name, or its serverName).")
    String serverName;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The S3 endpoint (default: AWS S3).")
    String endpoint;

    @Option(names = "--from-manifest", paramLabel = "FILE", description = "Read destinationPath, endpointURL and serverName from a CNPG Cluster "
            + "(spec.backup.barmanObjectStore) or a Barman Cloud Plugin ObjectStore manifest.")
    Path manifest;

    @Option(names = "--target", defaultValue = "latest", description = "latest (default), oldest, every-backup, or a time such as 2026-11-30T09:00:00Z.")
    String target;

    @Option(names = "--check", paramLabel = "FILE", description = "The team's checks: named SQL queries with equals/min/max (YAML).")
    Path checkFile;

    @Option(names = "--database", description = "The database the checks and --objects read (default: the check file's, else app).")
    String database;

    @Option(names = "--objects", paramLabel = "TABLE:KEY_COLUMN[:SIZE_COLUMN[:SHA256_COLUMN]]", description = "Reconcile this table against --objects-bucket.")
    String objects;

    @Option(names = "--objects-bucket", paramLabel = "s3://BUCKET[/PREFIX]", description = "The application bucket, at the same endpoint (read-only).")
    String objectsBucket;

    @Option(names = "--deep-sample", paramLabel = "N", description = "Hash N sampled objects instead of all (needs a SHA256 column).")
    Integer deepSample;

    @Option(names = "--retention", paramLabel = "DURATION", description = "The oldest recoverable point must be at least this far back, e.g. 30d.")
    String retention;

    @Option(names = "--max-backup-age", paramLabel = "DURATION", description = "The newest base backup may be at most this old, e.g. 25h.")
    String maxBackupAge;

    @Option(names = "--max-wal-age", paramLabel = "DURATION", description = "The newest archived WAL may be at most this old, e.g. 10m.")
    String maxWalAge;

    @Option(names = "--amcheck", description = "Also run pg_amcheck (heap and B-tree indexes) on the restored server.")
    boolean amcheck;

    @Option(names = "--substrate", defaultValue = "local", description = "Where to restore: local (default; needs the backup's PostgreSQL major) or kubernetes.")
    String substrate;

    @Option(names = "--wal-max-parallel", defaultValue = "" + EnvironmentSpec.DEFAULT_WAL_MAX_PARALLEL, description = "WAL fetchers ahead of replay (default: ${DEFAULT-VALUE}).")
    int walMaxParallel;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}, in the current directory).")
    Path runsDir;

    @Option(names = "--history", paramLabel = "DIR", description = "Earlier runs for the trend (default: the runs directory).")
    Path history;

    @Option(names = "--no-reports", description = "Do not write report.html, report.md, junit.xml and allure-results/.")
    boolean noReports;

    @Override
    public Integer call() {
        DrillOptions o = options();
        if (!o.substrate().equals("local"))
            throw new GameDayException("--substrate " + substrate + " is not built yet for drills: use --substrate local");
        Doctor.requireLocal();
        SourceAccess access = SourceAccess.fromEnvironment(o.source());
        ConsoleProgress progress = new ConsoleProgress(System.err);
        Drill drill = new Drill(o, access, (major, journal) -> new LocalDrill(access, major, journal.runId, journal.file().getParent().resolve("drill"),
                walMaxParallel), progress);
        Journal j = drill.run(runsDir);
        System.out.print(DrillSummary.render(j));
        System.out.println("journal: " + j.file());
        if (!noReports) System.out.println("report: " + Reports.write(j, history, null).html());
        return j.scenarios.stream().allMatch(ScenarioRecord::asExpected) ? Main.OK : Main.MISSED;
    }

    /** Every option checked before anything is listed or built. */
    DrillOptions options() {
        String dest = from, server = serverName, url = endpoint;
        if (manifest != null) {
            if (from != null) throw new GameDayException("give --from or --from-manifest, not both");
            Manifest m = Manifest.read(manifest);
            dest = m.destinationPath();
            if (url == null) url = m.endpointUrl();
            if (server == null) server = m.serverName();
        }
        if (dest == null) throw new GameDayException("--from s3://BUCKET/PATH (or --from-manifest FILE) is required");
        BackupSource source = BackupSource.of(dest, server, url);
        TeamChecks checks = checkFile == null ? null : TeamChecks.load(checkFile, database);
        String db = database != null ? database : checks != null ? checks.database() : TeamChecks.DEFAULT_DATABASE;
        ObjectsCheck obj = objects == null ? null : ObjectsCheck.parse(db, objects, objectsBucket, deepSample);
        if (objects == null && (objectsBucket != null || deepSample != null)) throw new GameDayException("--objects-bucket and --deep-sample need --objects");
        if (walMaxParallel < 1) throw new GameDayException("--wal-max-parallel must be at least 1");
        return new DrillOptions(source, DrillTarget.parse(target), checks, obj, retention == null ? null : Durations.parse("--retention", retention),
                maxBackupAge == null ? null : Durations.parse("--max-backup-age", maxBackupAge),
                maxWalAge == null ? null : Durations.parse("--max-wal-age", maxWalAge), amcheck, substrate);
    }
}
