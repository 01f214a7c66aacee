package gameday.harness.run;

import gameday.harness.DatabaseCluster;
import gameday.harness.Environment;
import gameday.harness.FaultInjector;
import gameday.harness.Phases;
import gameday.harness.Progress;

import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.wait.Wait;
import gameday.harness.workload.History;
import gameday.harness.workload.Workload;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * What a scenario's steps get: the environment, the workload and its history, and a way to
 * record the fault, the phases and the moment service came back. Every phase is written to the
 * journal as it starts and ends, so a crash still shows the last phase reached.
 */
public final class ScenarioRun implements Phases {
    private final Environment env;
    private final Workload workload;
    private final History history;
    private final Journal journal;
    private final ScenarioRecord record;
    private long faultAt = -1;
    private long restoredAt = -1;
    private long resumedAt = -1;
    private final JournalPhases phases;

    public ScenarioRun(String scenario, Environment env, Workload workload, Journal journal, ScenarioRecord record, Progress progress,
                       long startedAt) {
        this.env = env;
        this.workload = workload;
        this.history = workload.history();
        this.journal = journal;
        this.record = record;
        this.phases = new JournalPhases(scenario, journal, record, progress, history.clock(), startedAt);
    }

    public Environment env() {
        return env;
    }

    public Workload workload() {
        return workload;
    }

    public History history() {
        return history;
    }

    public RunClock clock() {
        return history.clock();
    }

    public long faultAt() {
        return faultAt;
    }

    public long restoredAt() {
        return restoredAt;
    }

    /** When the writers were pointed at the recovered service (start of the switchover). */
    public long resumedAt() {
        return resumedAt;
    }

    double ms(long runNanos) {
        return phases.ms(runNanos);
    }

    /** The environment's faults, each behind the support and ownership guard; call them inside {@link #fault}. */
    public FaultInjector faults() {
        return env.faults().recordingIn(this);
    }

    /** Injects the failure; the fault instant is taken just before the action runs. */
    public void fault(String what, ThrowingRunnable action) throws Exception {
        faultAt = clock().now();
        phases.tileFrom(faultAt); // after the fault, phases tile the time line up to the RTO
        synchronized (journal) {
            record.faultAtMs = ms(faultAt);
        }
        note("fault: " + what);
        action.run();
    }

    @Override
    public <T> T phase(String name, Callable<T> body) {
        return phases.phase(name, body);
    }

    @Override
    public void note(String message) {
        phases.note(message);
    }

    @Override
    public void measure(String name, Object value) {
        phases.measure(name, value);
    }

    /** Records a phase that was timed elsewhere (provisioning happens before this object exists). */
    public void recordPhase(String name, long start, long end) {
        phases.recordPhase(name, start, end);
    }

    /** Polls {@code probe} until it reports the failure; this is the "detect" phase of the RTO. */
    public void detect(String what, Duration timeout, Callable<Boolean> probe) {
        phase("detect", () -> {
            Wait.forThe("the failure to be detected: " + what).atMost(timeout).until(probe);
            note("detected: " + what);
        });
    }

    /**
     * Points the application at the recovered cluster (and bucket), resumes the writers and waits
     * for the first acknowledged write there: that instant ends the RTO.
     */
    public void switchover(DatabaseCluster cluster, String bucket) {
        phase("switchover", () -> {
            long since = clock().now();
            resumedAt = since;
            env.endpoint().switchTo(cluster, bucket);
            workload.resume();
            workload.awaitAckAfter(since, Duration.ofSeconds(60));
            // the RTO ends when the harness has seen the first write acknowledged by the recovered service
            restoredAt = clock().now();
            synchronized (journal) {
                record.restoredAtMs = ms(restoredAt);
            }
        });
    }

    public void switchover(DatabaseCluster cluster) {
        switchover(cluster, env.endpoint().bucket());
    }
}
