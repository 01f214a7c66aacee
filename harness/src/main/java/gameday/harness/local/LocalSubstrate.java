package gameday.harness.local;

import gameday.harness.EnvironmentSpec;
import gameday.harness.Environment;
import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.Substrate;
import java.nio.file.Path;

/** The embedded default: CloudNativePG's data path without the operator, on this machine. */
public final class LocalSubstrate implements Substrate {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress) {
        try {
            return new LocalEnvironment(runId, dir, spec, progress);
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("cannot build the local environment: " + e.getMessage(), e);
        }
    }
}
