package gameday.harness.journal;

import gameday.harness.check.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario in the journal. Times in {@link PhaseRecord}s and {@link Event}s are
 * milliseconds since this scenario started, on the monotonic clock. "Run completed" and
 * "objective met" are kept apart: {@code status} says whether the procedure ran to the end,
 * {@code verdict} whether the targets and checks held.
 */
public final class ScenarioRecord {
    public String name;
    public String summary;
    /** running | completed | failed (the procedure broke) | aborted (the harness died) */
    public String status = "running";
    /** valid | invalid | unknown */
    public String verdict;
    /** The verdict the scenario should reach: invalid for negative controls. */
    public String expectedVerdict = "valid";
    public String error;
    public Instant started;
    public Instant finished;
    /** rtoMs, rpoCount, rpoTimeMs, maxDangling, source: absent keys are not targets. */
    public Map<String, Object> targets;
    /** Fault injection time, ms since scenario start. */
    public Double faultAtMs;
    /** Service writable again with verification passed, ms since scenario start. */
    public Double restoredAtMs;
    public List<PhaseRecord> phases = new ArrayList<>();
    public Map<String, Object> measurements = new LinkedHashMap<>();
    public List<Verdict> checks = new ArrayList<>();
    public List<Event> events = new ArrayList<>();

    public record PhaseRecord(String name, double startMs, Double endMs, String status, String detail) {}

    public record Event(double atMs, String message) {}

    /**
     * True when the procedure ran to the end and the verdict is the expected one: what makes a game
     * day pass. A negative control (expecting invalid) whose procedure broke caught nothing: its
     * invalid comes from the breakage, so it does not pass.
     */
    public boolean asExpected() {
        return "completed".equals(status) && verdict != null && verdict.equals(expectedVerdict);
    }

    /** The phase that is still open, for an aborted run's "last phase reached". */
    public String lastPhase() {
        return phases.isEmpty() ? null : phases.get(phases.size() - 1).name();
    }
}
