package gameday.cli;

import gameday.harness.EnvironmentSpec;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How base backups are taken, as CNPG's {@code data.jobs} and {@code data.compression}; the defaults come from docs/benchmarks.md. */
final class BackupOptions {
    @Option(names = "--backup-jobs", paramLabel = "N", defaultValue = "" + EnvironmentSpec.DEFAULT_BACKUP_JOBS,
            description = "barman-cloud-backup --jobs: parallel upload processes (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--backup-compression", paramLabel = "none|gzip|bzip2", defaultValue = "none",
            description = "Compression of the base backup (default: ${DEFAULT-VALUE}).")
    String compression;

    /** The change to every scenario's environment; exit 2 for a value that is not one. */
    UnaryOperator<EnvironmentSpec> override(CommandSpec spec) {
        if (jobs < 1) throw new ParameterException(spec.commandLine(), "--backup-jobs must be 1 or more, was " + jobs);
        EnvironmentSpec.Compression c = compression(spec, compression);
        return e -> e.withBackup(jobs, c);
    }

    static EnvironmentSpec.Compression compression(CommandSpec spec, String value) {
        try {
            return EnvironmentSpec.Compression.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown --backup-compression '" + value + "': use none, gzip or bzip2");
        }
    }
}
