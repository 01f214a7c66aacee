package gameday.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.GameDayException;
import gameday.harness.Json;
import gameday.harness.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The barman-cloud tools, as CloudNativePG runs them in its pods: one bucket, one folder per
 * server name ({@code s3://bucket/server/base/…}, {@code …/wals/…}). Credentials reach the
 * tools through the environment of {@link Processes}, never through arguments.
 */
public record Barman(String endpoint, String bucket) {
    public static final List<String> TOOLS = List.of("barman-cloud-wal-archive", "barman-cloud-wal-restore",
            "barman-cloud-backup", "barman-cloud-backup-list", "barman-cloud-restore");

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

    /** A base backup with an immediate checkpoint (a spread one makes the backup wait ~90 s). */
    public String backup(Processes procs, String serverName, int port, Duration timeout) {
        String name = "backup-" + System.currentTimeMillis();
        procs.run("barman-cloud-backup", cmd("barman-cloud-backup", "--immediate-checkpoint", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", "postgres", "-n", name, url(), serverName), timeout);
        return name;
    }

    /** Backups of a server, newest last. barman-cloud-restore 3.4 takes no 'latest', so callers pick an id here. */
    public List<JsonNode> backups(Processes procs, String serverName) {
        String out = procs.run("barman-cloud-backup-list", cmd("barman-cloud-backup-list", "--format", "json", url(), serverName),
                Duration.ofMinutes(2));
        try {
            List<JsonNode> list = new ArrayList<>();
            Json.MAPPER.readTree(out).path("backups_list").forEach(list::add);
            list.sort((a, b) -> a.path("end_time").asText().compareTo(b.path("end_time").asText()));
            return list;
        } catch (Exception e) {
            throw new GameDayException("barman-cloud-backup-list printed something that is not JSON: " + e.getMessage());
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
