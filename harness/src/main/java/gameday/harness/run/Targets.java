package gameday.harness.run;

import gameday.harness.GameDayException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's promises, from the designs' RTO/RPO tables ({@code fixtures/targets.yaml}).
 * A null field is not a target. Parsing is strict: an unknown key, a unit-less or negative
 * duration is an error that names the scenario and the key.
 */
public record Targets(String source, Duration rto, Long rpoCount, Duration rpoTime, Long maxDangling) {
    public static final Targets NONE = new Targets(null, null, null, null, null);
    private static final Set<String> KEYS = Set.of("source", "rto", "rpoCount", "rpoTime", "maxDangling");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    /** Loads every scenario's targets: the given file, or the built-in fixture when null. */
    public static Map<String, Targets> load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String where = file == null ? "built-in targets.yaml" : file.toString();
        JsonNode root;
        try (InputStream in = file == null ? Targets.class.getResourceAsStream("/gameday/fixtures/targets.yaml") : Files.newInputStream(file)) {
            root = yaml.readTree(in);
        } catch (IOException e) {
            throw new GameDayException("cannot read targets file " + where + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) throw new GameDayException("targets file " + where + " must map scenario names to targets");
        Map<String, Targets> all = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            all.put(e.getKey(), parse(where + ": " + e.getKey(), e.getValue()));
        }
        return all;
    }

    static Targets parse(String where, JsonNode n) {
        if (!n.isObject()) throw new GameDayException(where + ": expected keys " + KEYS);
        n.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) throw new GameDayException(where + ": unknown key '" + k + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        });
        return new Targets(n.hasNonNull("source") ? n.get("source").asText() : null,
                duration(where, n, "rto"), count(where, n, "rpoCount"), duration(where, n, "rpoTime"), count(where, n, "maxDangling"));
    }

    private static Duration duration(String where, JsonNode n, String key) {
        if (!n.hasNonNull(key)) return null;
        return duration(where + ": " + key, n.get(key).asText());
    }

    /** A duration written with a unit, as in targets.yaml: 500ms, 30s, 20m, 1h; {@code what} names it in the error. */
    public static Duration duration(String what, String text) {
        text = text.trim();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) throw new GameDayException(what + " '" + text + "' is not a duration with a unit such as 500ms, 30s, 20m or 1h (negative values are not allowed)");
        double v = Double.parseDouble(m.group(1));
        long millis = (long) (v * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        });
        return Duration.ofMillis(millis);
    }

    private static Long count(String where, JsonNode n, String key) {
        if (!n.hasNonNull(key)) return null;
        JsonNode v = n.get(key);
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0)
            throw new GameDayException(where + ": " + key + " must be a whole number >= 0, not '" + v.asText() + "'");
        return v.asLong();
    }

    /** The journal's form: milliseconds and counts, absent when not a target. */
    public Map<String, Object> toJournal() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (source != null) m.put("source", source);
        if (rto != null) m.put("rtoMs", rto.toMillis());
        if (rpoCount != null) m.put("rpoCount", rpoCount);
        if (rpoTime != null) m.put("rpoTimeMs", rpoTime.toMillis());
        if (maxDangling != null) m.put("maxDangling", maxDangling);
        return m;
    }
}
