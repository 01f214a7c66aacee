package gameday.harness.local;

import gameday.harness.GameDayException;
import gameday.harness.run.Reaper;
import gameday.harness.s3.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A data directory made by initdb once per PostgreSQL build and cached, so an environment
 * copies it (reflink where the filesystem can) instead of running initdb. The template has a
 * random password of its own, kept next to it readable by its owner only; a clone replaces it
 * with the environment's password at its first start (LocalCluster#start), so no two
 * environments share a password. Clones share the template's system identifier, which is
 * harmless: each environment archives into its own object store.
 */
record ClusterTemplate(Path dataDir, String password) {
    /** Bump when initdb options or the files written after initdb change. */
    private static final String LAYOUT = "v1";

    static ClusterTemplate obtain(PgBinaries bin, Processes procs) throws IOException {
        Path dir = cacheRoot(procs.user()).resolve("templates").resolve(key(bin));
        if (!Files.isDirectory(dir.resolve("data"))) build(bin, procs, dir);
        return new ClusterTemplate(dir.resolve("data"), Files.readString(dir.resolve("password")).trim());
    }

    /**
     * Per user: $GAMEDAY_CACHE, else $XDG_CACHE_HOME/gameday or ~/.cache/gameday; as root the
     * server runs as the service user, who cannot reach /root, so then under the temp dir.
     */
    static Path cacheRoot(ServiceUser user) {
        String explicit = System.getenv("GAMEDAY_CACHE");
        if (explicit != null) return Path.of(explicit);
        if (user.isDelegated()) return Path.of(System.getProperty("java.io.tmpdir"), "gameday.cache-" + user.name()); // not "gameday-*": the Reaper removes those
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null ? Path.of(xdg, "gameday") : Path.of(System.getProperty("user.home"), ".cache", "gameday");
    }

    /** One template per PostgreSQL build: the binary's path, size and mtime name it. */
    private static String key(PgBinaries bin) throws IOException {
        Path postgres = Path.of(bin.tool("postgres"));
        String id = postgres.toRealPath() + "|" + Files.size(postgres) + "|" + Files.getLastModifiedTime(postgres).toMillis() + "|" + LAYOUT;
        String version = bin.bindir().getParent() == null ? "pg" : "pg" + bin.bindir().getParent().getFileName();
        return version.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + HexFormat.of().toHexDigits(id.hashCode());
    }

    /** Built aside and renamed into place, so a concurrent build by another run is harmless. */
    private static void build(PgBinaries bin, Processes procs, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".build-");
        try {
            procs.user().own(dir.getParent().getParent());
            procs.user().own(tmp);
            String password = Secrets.randomHex(16);
            LocalCluster.initdb(bin, procs, "template", tmp.resolve("data"), password);
            Path pw = tmp.resolve("password");
            Files.writeString(pw, password + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(dir.resolve("data"))) throw raced;
            }
        } finally {
            if (Files.exists(tmp)) Reaper.deleteTree(tmp);
        }
    }

    /** cp as the service user, so the copy is its own without a chown walk. */
    void cloneInto(Path dest, Processes procs, String name) {
        if (Files.exists(dest)) throw new GameDayException("cannot clone the cluster template into " + dest + ": it exists");
        procs.run("clone-template-" + name, List.of("cp", "-a", "--reflink=auto", dataDir.toString(), dest.toString()), Duration.ofMinutes(2));
    }
}
