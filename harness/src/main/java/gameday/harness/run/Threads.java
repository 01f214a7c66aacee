package gameday.harness.run;

import java.time.Duration;
import java.util.List;

/** Stopping background workers (workload clients, replicators): each gets a bounded wait, then it is forgotten. */
public final class Threads {
    private Threads() {}

    public static void joinAll(List<Thread> threads, Duration each) {
        for (Thread t : threads) {
            try {
                t.join(each.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }
}
