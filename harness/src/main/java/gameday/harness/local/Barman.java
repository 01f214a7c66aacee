package gameday.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.journal.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/**
 * The barman-cloud tools, as CloudNativePG runs them in its pods: one bucket, one folder per
 * server name ({@code s3://bucket/server/base/…}, {@code …/wals/…}). Credentials reach the
 * tools through the environment of {@link Processes}, never through arguments.
 */
public record Barman(String endpoint, String bucket, int backupJobs, EnvironmentSpec.Compression compression) {
    public static final List<String> TOOLS = List.of("barman-cloud-wal-archive", "barman-cloud-wal-restore",
            "barman-cloud-backup", "barman-cloud-backup-list", "barman-cloud-restore");

    /** With barman-cloud-backup's defaults as the harness chose them (docs/benchmarks.md, backup section). */
    public Barman(String endpoint, String bucket) {
        this(endpoint, bucket, EnvironmentSpec.DEFAULT_BACKUP_JOBS, EnvironmentSpec.DEFAULT_BACKUP_COMPRESSION);
    }

    /** The same tools with other backup options ({@code --jobs}, compression). */
    public Barman withBackup(int jobs, EnvironmentSpec.Compression c) {
        return new Barman(endpoint, bucket, jobs, c);
    }

    private List<String> cmd(String tool, String... args) {
        List<String> c = new ArrayList<>(List.of(tool, "--endpoint-url", endpoint, "--cloud-provider", "aws-s3"));
        c.addAll(List.of(args));
        return c;
    }

    private String url() {
        return "s3://" + bucket;
    }

    /** The archive_command for a server; {@code %p} is expanded by PostgreSQL. */
    public String archiveCommand(String serverName) {
        return String.join(" ", cmd("barman-cloud-wal-archive", url(), serverName, "%p"));
    }

    public String restoreCommand(String serverName) {
        return String.join(" ", cmd("barman-cloud-wal-restore", url(), serverName, "%f", "%p"));
    }

    /**
     * A base backup with an immediate checkpoint (a spread one makes the backup wait ~90 s), with
     * {@code --jobs} upload processes and the chosen compression, as CNPG's {@code data.jobs} and
     * {@code data.compression}.
     */
    public String backup(Processes procs, String serverName, int port, Duration timeout) {
        String name = "backup-" + System.currentTimeMillis();
        procs.run("barman-cloud-backup", backupCommand(name, serverName, port), timeout);
        return name;
    }

    List<String> backupCommand(String name, String serverName, int port) {
        List<String> args = new ArrayList<>(List.of("--immediate-checkpoint", "--jobs", String.valueOf(backupJobs)));
        if (compression.flag != null) args.add(compression.flag);
        args.addAll(List.of("-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-n", name, url(), serverName));
        return cmd("barman-cloud-backup", args.toArray(String[]::new));
    }

    /** Backups of a server, newest last. barman-cloud-restore 3.4 takes no 'latest', so callers pick an id here. */
    public List<JsonNode> backups(Processes procs, String serverName) {
        String out = procs.run("barman-cloud-backup-list", cmd("barman-cloud-backup-list", "--format", "json", url(), serverName),
                Duration.ofMinutes(2));
        return newestLast(out);
    }

    /** The backups of barman-cloud-backup-list's JSON, ordered by their real end time (its text order is not time order). */
    static List<JsonNode> newestLast(String json) {
        List<JsonNode> list = new ArrayList<>();
        try {
            Json.MAPPER.readTree(json).path("backups_list").forEach(list::add);
        } catch (Exception e) {
            throw new GameDayException("barman-cloud-backup-list printed something that is not JSON: " + e.getMessage());
        }
        list.sort(java.util.Comparator.comparing(Barman::endTime));
        return list;
    }

    /**
     * barman prints end_time as e.g. "2026-11-23 13:45:01.123456+00:00", or in its JSON as
     * Python's ctime(), "Mon Nov 23 13:45:01 2026" ("Mon Nov  3 …" before the 10th), in the
     * server's local time. Unreadable times sort first.
     */
    public static Instant endTime(JsonNode b) {
        String t = b.path("end_time").asText().trim().replaceAll("\\s+", " ");
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (Exception notIso) {
            try {
                return LocalDateTime.parse(t, DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)).atZone(ZoneId.systemDefault()).toInstant();
            } catch (Exception e) {
                return Instant.MIN;
            }
        }
    }

    public String latestBackupId(Processes procs, String serverName) {
        List<JsonNode> list = backups(procs, serverName);
        if (list.isEmpty()) throw new GameDayException("no base backup of server '" + serverName + "' in " + url());
        return list.get(list.size() - 1).path("backup_id").asText();
    }

    public void restore(Processes procs, String serverName, String backupId, Path dest, Duration timeout) {
        procs.run("barman-cloud-restore", cmd("barman-cloud-restore", url(), serverName, backupId, dest.toString()), timeout);
    }
}
