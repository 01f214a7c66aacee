package gameday.harness.local;

import gameday.harness.EnvironmentSpec;
import gameday.harness.Environment;
import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.Substrate;
import java.nio.file.Path;

/** The embedded default: CloudNativePG's data path without the operator, on this machine. */
public final class LocalSubstrate implements Substrate {
    private final S3Target external;

    /** With the in-process S3 server. */
    public LocalSubstrate() {
        this(null);
    }

    /** With an object store the user runs ({@code --s3-endpoint}); null for the in-process one. */
    public LocalSubstrate(S3Target external) {
        this.external = external;
    }

    /** Every fault and capability: the local substrate is the reference that runs the whole catalogue. */
    public static final Support SUPPORT = Support.EVERYTHING;

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Support support() {
        return SUPPORT;
    }

    @Override
    public Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress) {
        try {
            return new LocalEnvironment(runId, dir, spec, progress, external);
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("cannot build the local environment: " + e.getMessage(), e);
        }
    }
}
