package gameday.harness.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checker concluded: valid, invalid, or unknown (it could not tell, e.g. it threw),
 * with the figures it measured and the reasons for anything but valid.
 */
public record Verdict(String checker, Validity validity, Map<String, Object> figures, List<String> reasons) {
    public enum Validity {
        VALID, INVALID, UNKNOWN;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }

        /** invalid beats unknown beats valid. */
        public Validity and(Validity other) {
            return this == INVALID || other == INVALID ? INVALID : this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
        }
    }

    public static Verdict of(String checker, Map<String, Object> figures, List<String> problems) {
        return new Verdict(checker, problems.isEmpty() ? Validity.VALID : Validity.INVALID, new LinkedHashMap<>(figures), List.copyOf(problems));
    }

    public static Verdict unknown(String checker, String why) {
        return new Verdict(checker, Validity.UNKNOWN, Map.of(), List.of(why));
    }

    public boolean valid() {
        return validity == Validity.VALID;
    }

    public long figure(String name) {
        Object v = figures.get(name);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
