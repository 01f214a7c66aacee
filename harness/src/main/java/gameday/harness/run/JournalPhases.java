package gameday.harness.run;

import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.Progress;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.concurrent.Callable;

/**
 * Phases, notes and figures of one journal record, written as they happen, so a crash still
 * shows the last phase reached. Once {@link #tileFrom} is set (the fault, or the start of a
 * drill), phases tile the time line: each starts where the last ended, so they add up to the
 * RTO and the journal's own writes are not a gap. Game days ({@link ScenarioRun}) and drills
 * record through this one class.
 */
public final class JournalPhases implements Phases {
    private final String name;
    private final Journal journal;
    private final ScenarioRecord record;
    private final Progress progress;
    private final RunClock clock;
    private final long startedAt;
    private long tileFrom = -1;
    private long lastPhaseEnd = -1;

    public JournalPhases(String name, Journal journal, ScenarioRecord record, Progress progress, RunClock clock, long startedAt) {
        this.name = name;
        this.journal = journal;
        this.record = record;
        this.progress = progress;
        this.clock = clock;
        this.startedAt = startedAt;
    }

    /** From {@code at} on, phases tile the time line. */
    public void tileFrom(long at) {
        tileFrom = at;
    }

    public RunClock clock() {
        return clock;
    }

    public ScenarioRecord record() {
        return record;
    }

    /** Milliseconds since the record started, as the journal writes times. */
    public double ms(long runNanos) {
        return Math.round((runNanos - startedAt) / 1_000.0) / 1_000.0;
    }

    @Override
    public <T> T phase(String phase, Callable<T> body) {
        long start = tileFrom >= 0 ? (lastPhaseEnd >= tileFrom ? lastPhaseEnd : tileFrom) : clock.now();
        int index;
        synchronized (journal) {
            record.phases.add(new ScenarioRecord.PhaseRecord(phase, ms(start), null, "running", null));
            index = record.phases.size() - 1;
            journal.save();
        }
        progress.phaseStarted(name, phase);
        String status = "failed";
        String detail = null;
        try {
            T result = body.call();
            status = "ok";
            return result;
        } catch (Exception e) {
            detail = e instanceof GameDayException ? e.getMessage() : e.toString();
            // name the phase once, at the innermost phase that failed
            if (e instanceof GameDayException && e.getMessage().startsWith("phase ")) throw (GameDayException) e;
            throw new GameDayException("phase " + phase + " failed: " + e.getMessage(), e);
        } finally {
            long end = clock.now();
            lastPhaseEnd = end;
            synchronized (journal) {
                record.phases.set(index, new ScenarioRecord.PhaseRecord(phase, ms(start), ms(end), status, detail));
                journal.save();
            }
            progress.phaseFinished(name, phase, (end - start) / 1_000_000, status.equals("ok") ? null : detail);
        }
    }

    @Override
    public void note(String message) {
        synchronized (journal) {
            record.events.add(new ScenarioRecord.Event(ms(clock.now()), message));
            journal.save();
        }
        progress.note(name, message);
    }

    @Override
    public void measure(String figure, Object value) {
        synchronized (journal) {
            record.measurements.put(figure, value);
        }
    }

    /** Records a phase that was timed elsewhere. */
    public void recordPhase(String phase, long start, long end) {
        synchronized (journal) {
            record.phases.add(new ScenarioRecord.PhaseRecord(phase, ms(start), ms(end), "ok", null));
            journal.save();
        }
        progress.phaseFinished(name, phase, (end - start) / 1_000_000, null);
    }
}
