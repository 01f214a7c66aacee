package gameday.harness.junit;

import gameday.harness.EnvironmentSpec;
import gameday.harness.Environment;
import gameday.harness.Progress;
import gameday.harness.run.RunClock;
import gameday.harness.journal.Journal;
import gameday.harness.local.LocalSubstrate;
import gameday.harness.workload.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link Environment}, {@link History} and {@link Journal} parameters for one test and
 * keeps them in the test's {@link ExtensionContext.Store}, which closes them when the test ends.
 * They share one run directory under {@code target/gameday-tests}, named like a real run so
 * that `gameday clean` recognises what a killed test left.
 */
public final class GameDayExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GameDayExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> t = p.getParameter().getType();
        return t == Environment.class || t == History.class || t == Journal.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ExtensionContext.Store store = c.getStore(NS);
        Class<?> t = p.getParameter().getType();
        if (t == Journal.class) return store.getOrComputeIfAbsent(Journal.class, k -> Journal.create(runDir(c), runId(c), "local"), Journal.class);
        if (t == History.class)
            return store.getOrComputeIfAbsent(History.class, k -> new Closing<>(new History(runDir(c).resolve("history.jsonl"), new RunClock()), History::close), Closing.class).value;
        return store.getOrComputeIfAbsent(Environment.class, k -> new Closing<>(new LocalSubstrate().create(runId(c), runDir(c).resolve("env"),
                EnvironmentSpec.DEFAULT, Progress.SILENT), Environment::close), Closing.class).value;
    }

    private static String runId(ExtensionContext c) {
        return c.getStore(NS).getOrComputeIfAbsent("runId", k -> gameday.harness.run.RunId.next(), String.class);
    }

    /** Kept after the test (under target/, for a look at the logs); `mvn clean` removes it. */
    private static Path runDir(ExtensionContext c) {
        return c.getStore(NS).getOrComputeIfAbsent("runDir", k -> {
            try {
                Path root = Files.createDirectories(Path.of("target", "gameday-tests").toAbsolutePath());
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                return Files.createDirectories(root.resolve(runId(c)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create a run directory under target/gameday-tests", e);
            }
        }, Path.class);
    }

    /** A value the store closes when the test ends (JUnit calls close on CloseableResource values). */
    private static final class Closing<T> implements ExtensionContext.Store.CloseableResource {
        final T value;
        private final java.util.function.Consumer<T> closer;

        Closing(T value, java.util.function.Consumer<T> closer) {
            this.value = value;
            this.closer = closer;
        }

        @Override
        public void close() {
            closer.accept(value);
        }
    }
}
