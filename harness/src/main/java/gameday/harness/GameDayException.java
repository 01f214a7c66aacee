package gameday.harness;

/**
 * A problem the user can fix: a missing binary, a bad option, a port in use. The CLI prints
 * the message as one line (no stack trace) and exits 2, so the message must name the problem
 * and the fix.
 */
public class GameDayException extends RuntimeException {
    public GameDayException(String message) {
        super(message);
    }

    public GameDayException(String message, Throwable cause) {
        super(message, cause);
    }
}
