package gameday.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The load average of the machine, written beside figures measured on it: on a shared machine they mean little without it. */
public final class HostLoad {
    private HostLoad() {}

    /** The 1, 5 and 15 minute load averages as /proc/loadavg shows them, e.g. {@code "1.52 0.98 0.77"}; "unknown" elsewhere. */
    public static String now() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
