package gameday.harness.local;

import gameday.harness.GameDayException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guard in front of every destructive step: it acts only on a data directory whose
 * ownership marker names this run. A directory the harness did not create has no marker, and
 * one from another run names another run; both are refused.
 */
public final class OwnerMarker {
    public static final String MARKER = "gameday.owner";

    private OwnerMarker() {}

    public static void mark(Path dataDir, String runId) throws IOException {
        Files.writeString(dataDir.resolve(MARKER), runId + "\n");
    }

    public static void require(Path dataDir, String runId, String action) {
        String owner;
        try {
            owner = Files.readString(dataDir.resolve(MARKER)).trim();
        } catch (IOException e) {
            throw new GameDayException("refusing to " + action + " " + dataDir + ": it carries no gameday ownership marker (" + MARKER + "), so this run did not create it");
        }
        if (!owner.equals(runId))
            throw new GameDayException("refusing to " + action + " " + dataDir + ": it belongs to run " + owner + ", not to this run (" + runId + ")");
    }
}
