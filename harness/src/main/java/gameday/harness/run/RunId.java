package gameday.harness.run;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Run ids: time, a random part (two runs started in the same second by one process stay apart),
 * and the harness's pid last, so the {@link Reaper} can tell a dead run from a live one.
 */
public final class RunId {
    public static final Pattern PATTERN = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{4}-\\d+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunId() {}

    public static String next() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().toHexDigits((short) RANDOM.nextInt()) + "-" + ProcessHandle.current().pid();
    }
}
