package gameday.harness.drill;

import gameday.harness.GameDayException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Where a drill restores to: {@code latest} (the end of the archive), a time (the runbook's PITR),
 * {@code oldest} (the end of the oldest complete backup: the oldest point the retention still
 * holds) or {@code every-backup} (each base backup to its own end).
 */
public record DrillTarget(Kind kind, Instant time) {
    public enum Kind { LATEST, TIME, OLDEST, EVERY_BACKUP }

    public static DrillTarget parse(String text) {
        switch (text == null ? "latest" : text.trim()) {
            case "latest": return new DrillTarget(Kind.LATEST, null);
            case "oldest": return new DrillTarget(Kind.OLDEST, null);
            case "every-backup": return new DrillTarget(Kind.EVERY_BACKUP, null);
            default:
        }
        String t = text.trim().replace(' ', 'T');
        try {
            return new DrillTarget(Kind.TIME, OffsetDateTime.parse(t.endsWith("Z") ? t : t.replaceAll("([+-]\\d\\d)$", "$1:00")).toInstant());
        } catch (Exception notOffset) {
            try {
                return new DrillTarget(Kind.TIME, LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
            } catch (Exception e) {
                throw new GameDayException("--target '" + text + "' is not latest, oldest, every-backup or a time such as 2026-11-30T09:00:00Z");
            }
        }
    }

    @Override
    public String toString() {
        return kind == Kind.TIME ? time.toString() : kind.name().toLowerCase().replace('_', '-');
    }
}
