package gameday.harness.drill;

import gameday.harness.GameDayException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "30d", "25h", "10m", "90s" for the drill's options, and back. */
public final class Durations {
    private static final Pattern D = Pattern.compile("(\\d+)([dhms])");

    private Durations() {}

    public static Duration parse(String option, String text) {
        Matcher m = D.matcher(text == null ? "" : text.trim());
        if (!m.matches()) throw new GameDayException(option + " '" + text + "' is not a duration such as 30d, 25h, 10m or 90s");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0 && s > 0) return s / 86400 + "d";
        if (s >= 86400) return s / 86400 + "d" + (s % 86400) / 3600 + "h";
        if (s >= 3600) return s / 3600 + "h" + (s % 3600) / 60 + "m";
        if (s >= 60) return s / 60 + "m" + s % 60 + "s";
        return s + "s";
    }
}
