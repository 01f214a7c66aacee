package gameday.harness;

import java.util.concurrent.Callable;

/** Records a named step of the procedure with its start and end on the run clock. */
public interface Phases {
    <T> T phase(String name, Callable<T> body);

    default void phase(String name, ThrowingRunnable body) {
        phase(name, () -> {
            body.run();
            return null;
        });
    }

    /** Records that something happened now (detail goes to the journal and the progress line). */
    void note(String message);

    /** Adds a figure to the scenario's measurements. */
    void measure(String name, Object value);

    Phases NONE = new Phases() {
        @Override
        public <T> T phase(String name, Callable<T> body) {
            try {
                return body.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void note(String message) {}

        @Override
        public void measure(String name, Object value) {}
    };

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
