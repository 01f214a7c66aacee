package gameday.harness;

import java.util.Locale;

/**
 * One kind of injected failure, as Jepsen's nemesis names the faults it supports. A
 * {@link Substrate} declares which it can inject ({@link Substrate.Support}); a scenario declares
 * which it needs ({@link Scenario.Info}); the {@link FaultInjector} of an environment injects them.
 */
public enum Fault {
    KILL("kill a server without a shutdown"),
    DESTROY("destroy a cluster with its disks"),
    CORRUPT_PAGE("overwrite bytes of a data page on disk"),
    BREAK_ARCHIVING("make archive_command fail while the server runs on"),
    DELETE_BUCKET("delete a bucket and everything in it"),
    DAMAGE_OBJECTS("delete or overwrite objects in a bucket"),
    SQL("run destructive SQL (DROP, DELETE, a bad migration)");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name used on the command line and in messages, e.g. {@code corrupt-page}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
