package gameday.harness.run;

import gameday.harness.Environment;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes finished environments off the critical path: once a scenario's checks are done its
 * servers and S3 server stop while the next scenario provisions. {@link #awaitAll} waits for every
 * close, so a run returns only when nothing it started is left; a harness killed before that
 * leaves what {@code gameday clean} reaps, as at any other moment.
 */
final class Teardown {
    private final AtomicInteger seq = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gameday-teardown-" + seq.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final List<Future<?>> pending = new ArrayList<>();

    /** Closes {@code env} in the background and records how long that took as {@code teardownBackgroundMs}. */
    synchronized void close(Environment env, ScenarioRecord record, Journal journal) {
        pending.add(pool.submit(() -> {
            long t0 = System.nanoTime();
            try {
                env.close();
            } finally {
                synchronized (journal) {
                    record.measurements.put("teardownBackgroundMs", (System.nanoTime() - t0) / 1_000_000);
                }
            }
        }));
    }

    /** Waits until every environment handed over so far is closed. */
    void awaitAll() {
        List<Future<?>> all;
        synchronized (this) {
            all = List.copyOf(pending);
            pending.clear();
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a close that failed is reaped by the next run or `gameday clean`; the verdicts stand
            }
        }
    }
}
