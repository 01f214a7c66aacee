package gameday.harness.drill;

import gameday.harness.Phases;
import gameday.harness.check.Verdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Where a drill restores: a disposable server that only reads the source, on one substrate. */
public interface DrillSubstrate extends AutoCloseable {
    /** Onto what: host, substrate, versions, how it is segregated; never a credential. */
    Map<String, Object> facts();

    /**
     * Restores {@code backup} into a new disposable server and replays to {@code target} (null: the
     * end of the archive; {@link #BACKUP_END}: the backup's own end), timing restore-base,
     * replay-wal and promote.
     */
    Restored restore(Archive.BaseBackup backup, Instant target, Phases phases) throws Exception;

    /** The target that stops at the end of the base backup. */
    Instant BACKUP_END = Instant.MIN;

    @Override
    void close();

    /** A restored, promoted server. */
    interface Restored extends AutoCloseable {
        Connection connect(String database) throws SQLException;

        /** What {@code pg_checksums --check} says of every page; the server is stopped first. */
        Verdict pageChecksums();

        /** What {@code pg_amcheck --all} says of heaps and B-tree indexes. */
        Verdict amcheck();

        /** Stops the server and removes its directories. */
        @Override
        void close();
    }
}
