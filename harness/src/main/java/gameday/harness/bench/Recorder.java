package gameday.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects samples by figure name across repeats. A figure may name the physical reference it
 * is set beside (a raw S3 PUT beside a base backup), measured in the same run.
 */
public final class Recorder {
    /** One figure as the JSON shows it. {@code reference} names other figures. */
    public record Figure(String name, String unit, Stats value, List<String> references, String note) {}

    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Map<String, List<String>> refs = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    public synchronized void add(String figure, String unit, double value) {
        samples.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
        units.put(figure, unit);
    }

    /** Declares that {@code figure} is to be read beside {@code reference}. */
    public synchronized void compare(String figure, String... reference) {
        refs.put(figure, List.of(reference));
    }

    /** Adds a note to {@code figure}; a second note is appended to the first. */
    public synchronized void note(String figure, String note) {
        notes.merge(figure, note, (a, b) -> a + "; " + b);
    }

    public synchronized List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        samples.forEach((name, s) -> out.add(new Figure(name, units.get(name), Stats.of(s), refs.getOrDefault(name, List.of()), notes.get(name))));
        return out;
    }
}
