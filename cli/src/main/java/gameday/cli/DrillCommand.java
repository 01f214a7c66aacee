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
import gameday.harness.k8s.K8sDrill;
import gameday.harness.k8s.K8sOptions;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.local.LocalDrill;
import gameday.reports.DrillSummary;
import gameday.reports.Reports;
import java.nio.file.Files;
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

    @Option(names = "--substrate", defaultValue = "local", description = "Where to restore: local (default; needs the backup's PostgreSQL major "
            + "installed) or kubernetes (a recovery Cluster in a namespace of its own, in an existing cluster with CloudNativePG installed).")
    String substrate;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubernetes: the kubeconfig file (required, never the ambient one).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubernetes: the context to use (required).")
    String context;

    @Option(names = "--namespace", paramLabel = "PREFIX", description = "kubernetes: prefix of the namespace to create and label "
            + "(default gameday-<run id>; '-drill' is appended). It is deleted at the end.")
    String namespace;

    @Option(names = "--backup-form", defaultValue = "plugin", description = "kubernetes: read the archive through the Barman Cloud Plugin "
            + "(plugin, default; an ObjectStore in the drill's namespace) or the in-tree barmanObjectStore (in-tree, CNPG <= 1.30).")
    String backupForm;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", description = "kubernetes: how long any one wait may take, "
            + "the restore included (default: ${DEFAULT-VALUE}).")
    String timeout;

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
        K8sOptions k8s = switch (o.substrate()) {
            case "local" -> null;
            case "kubernetes" -> k8sOptions();
            default -> throw new GameDayException("unknown substrate '" + substrate + "' for drills: use local or kubernetes");
        };
        if (k8s == null) Doctor.requireLocal();
        SourceAccess access = SourceAccess.fromEnvironment(o.source());
        ConsoleProgress progress = new ConsoleProgress(System.err);
        Drill.SubstrateFactory factory = k8s == null
                ? (major, journal) -> new LocalDrill(access, major, journal.runId, journal.file().getParent().resolve("drill"), walMaxParallel)
                : (major, journal) -> new K8sDrill(K8sSubstrate.connect(k8s), k8s, access, major, journal.runId, walMaxParallel);
        Journal j = new Drill(o, access, factory, progress).run(runsDir);
        System.out.print(DrillSummary.render(j));
        System.out.println("journal: " + j.file());
        if (!noReports) System.out.println("report: " + Reports.write(j, history, null).html());
        return j.scenarios.stream().allMatch(ScenarioRecord::asExpected) ? Main.OK : Main.MISSED;
    }

    /** The existing cluster the drill restores into; checked before anything is listed (exit 2). */
    K8sOptions k8sOptions() {
        Path config = kubeconfig == null ? null : kubeconfig.toAbsolutePath();
        if (config != null && !Files.isReadable(config)) throw new GameDayException("cannot read --kubeconfig " + config);
        return K8sOptions.kubernetes(config, context).withNamespace(namespace).withBackupForm(SubstrateOptions.backupForm(backupForm))
                .withTimeout(Durations.parse("--timeout", timeout));
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
