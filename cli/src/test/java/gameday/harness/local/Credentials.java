package gameday.harness.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test access to the random credentials of the local environments built while a body runs. */
public final class Credentials {
    private Credentials() {}

    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} and returns every access key, secret key and password generated meanwhile. */
    public static List<String> capture(Body body) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        LocalEnvironment.credentialObserver = seen::addAll;
        try {
            body.run();
        } finally {
            LocalEnvironment.credentialObserver = c -> {};
        }
        return List.copyOf(seen);
    }
}
