package gameday.harness.drill;

import java.time.Duration;

/**
 * One drill: where from, to which point, and what to check.
 *
 * @param checks       the team's queries; null: none
 * @param objects      database ↔ bucket; null: none
 * @param retention    the oldest recoverable point must be at least this far back; null: not judged
 * @param maxBackupAge the newest base backup may be at most this old; null: not judged
 * @param maxWalAge    the newest archived WAL may be at most this old; null: not judged
 */
public record DrillOptions(BackupSource source, DrillTarget target, TeamChecks checks, ObjectsCheck objects, Duration retention, Duration maxBackupAge,
                           Duration maxWalAge, boolean amcheck, String substrate) {}
