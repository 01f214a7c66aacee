package gameday.harness.bench;

import gameday.harness.Phases;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Phases that only keep each phase's seconds and the measures, for the recovery figures. */
final class PhaseTimer implements Phases {
    final Map<String, Double> seconds = new LinkedHashMap<>();
    final Map<String, Object> measures = new LinkedHashMap<>();

    @Override
    public <T> T phase(String name, Callable<T> body) {
        long t0 = System.nanoTime();
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        } finally {
            seconds.put(name, (System.nanoTime() - t0) / 1e9);
        }
    }

    @Override
    public void note(String message) {}

    @Override
    public void measure(String name, Object value) {
        measures.put(name, value);
    }

    double total() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    long longMeasure(String name) {
        return ((Number) measures.getOrDefault(name, -1L)).longValue();
    }
}
