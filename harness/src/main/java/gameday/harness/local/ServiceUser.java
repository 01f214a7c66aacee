package gameday.harness.local;

import gameday.harness.GameDayException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user that PostgreSQL and the barman tools run as. PostgreSQL refuses to run as root, so
 * when we are uid 0 every service command is wrapped in {@code setpriv} to an unprivileged
 * account (default {@code postgres}, or {@code GAMEDAY_SERVICE_USER}); otherwise commands run
 * as ourselves.
 */
public final class ServiceUser {
    private final String name; // null: run as the current user

    private ServiceUser(String name) {
        this.name = name;
    }

    public static ServiceUser detect() {
        long uid = new com.sun.security.auth.module.UnixSystem().getUid();
        if (uid != 0) return new ServiceUser(null);
        String name = System.getenv().getOrDefault("GAMEDAY_SERVICE_USER", "postgres");
        try {
            FilesystemLookup.lookup().lookupPrincipalByName(name);
        } catch (IOException e) {
            throw new GameDayException("running as root, but there is no unprivileged user '" + name
                    + "' to run PostgreSQL as: install postgresql (it creates one) or set GAMEDAY_SERVICE_USER");
        }
        return new ServiceUser(name);
    }

    public boolean isDelegated() {
        return name != null;
    }

    public String name() {
        return name == null ? System.getProperty("user.name") : name;
    }

    public List<String> wrap(List<String> command) {
        if (name == null) return command;
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands a directory tree to the service user, so the server can write its data and logs. */
    public void own(Path dir) throws IOException {
        if (name == null) return;
        var lookup = FilesystemLookup.lookup();
        var user = lookup.lookupPrincipalByName(name);
        var group = lookup.lookupPrincipalByGroupName(name);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setOwner(p, user);
                Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
            }
        }
    }

    /** True when the service user can reach {@code dir}: every ancestor must be searchable by others. */
    public boolean canReach(Path dir) throws IOException {
        if (name == null) return true;
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) continue;
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
        }
        return true;
    }

    private static final class FilesystemLookup {
        static UserPrincipalLookupService lookup() {
            return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        }
    }
}
