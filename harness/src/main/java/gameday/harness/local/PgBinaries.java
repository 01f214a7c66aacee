package gameday.harness.local;

import gameday.harness.GameDayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds the PostgreSQL server binaries: GAMEDAY_PG_BINDIR, PATH, {@code pg_config --bindir}, then the usual install dirs. */
public record PgBinaries(Path bindir) {

    public static PgBinaries locate() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("GAMEDAY_PG_BINDIR");
        if (explicit != null) {
            Path dir = Path.of(explicit);
            if (Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"))) return new PgBinaries(dir);
            throw new GameDayException("GAMEDAY_PG_BINDIR=" + explicit + " has no postgres and initdb: point it at PostgreSQL's bin directory or unset it");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) if (!dir.isEmpty()) candidates.add(Path.of(dir));
        // every environment locates them: ask pg_config (a perl script on Debian) only when PATH has none
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"))) return new PgBinaries(dir);
        }
        String fromPgConfig = pgConfigBindir();
        if (fromPgConfig != null) candidates.add(Path.of(fromPgConfig));
        candidates.addAll(versionedDirs(Path.of("/usr/lib/postgresql"), "bin"));
        candidates.addAll(versionedDirs(Path.of("/usr"), null)); // RPM layout: /usr/pgsql-NN/bin
        candidates.add(Path.of("/usr/local/pgsql/bin"));
        candidates.add(Path.of("/opt/homebrew/bin"));
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"))) return new PgBinaries(dir);
        }
        throw new GameDayException("PostgreSQL server binaries (postgres, initdb) not found: install them with "
                + "'apt-get install postgresql' or set GAMEDAY_PG_BINDIR to their directory");
    }

    private static List<Path> versionedDirs(Path root, String sub) {
        if (root == null || !Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> sub != null || p.getFileName().toString().startsWith("pgsql-"))
                    .sorted(Comparator.reverseOrder())
                    .map(p -> sub == null ? p.resolve("bin") : p.resolve(sub))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String pgConfigBindir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A server-side tool. A PATH directory may hold only links to some of them (postgres, initdb,
     * pg_ctl in /usr/local/bin): the rest are looked up next to the real postgres binary.
     */
    public String tool(String name) {
        Path p = bindir.resolve(name);
        if (Files.isExecutable(p)) return p.toString();
        try {
            Path real = bindir.resolve("postgres").toRealPath().getParent().resolve(name);
            if (Files.isExecutable(real)) return real.toString();
        } catch (IOException e) {
            // fall through: the error names the first place looked
        }
        return p.toString();
    }

    /** The server's major version, from {@code postgres --version} ("postgres (PostgreSQL) 15.14 (Debian ...)"); -1 when unreadable. */
    public int major() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\) (\\d+)").matcher(Processes.firstLine(tool("postgres"), "--version"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * The binaries of one major version, which a restored data directory needs: the one
     * {@link #locate} finds when it is that version, else the distribution's versioned directory.
     */
    public static PgBinaries forMajor(int major) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/postgresql/" + major + "/bin"), Path.of("/usr/pgsql-" + major + "/bin")));
        try {
            PgBinaries found = locate();
            if (found.major() == major) return found;
        } catch (GameDayException e) {
            // look in the versioned directories below
        }
        for (Path dir : candidates)
            if (Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"))) return new PgBinaries(dir);
        throw new GameDayException("the backup is PostgreSQL " + major + ", which is not installed here: install it ('apt-get install postgresql-"
                + major + "') or restore on Kubernetes with --substrate kubernetes");
    }
}
