package gameday.harness.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

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
        return of(checker, figures, problems, List.of());
    }

    /** Invalid when anything is a problem, else unknown when something could not be judged, else valid. */
    public static Verdict of(String checker, Map<String, Object> figures, List<String> problems, List<String> unjudged) {
        Validity v = !problems.isEmpty() ? Validity.INVALID : !unjudged.isEmpty() ? Validity.UNKNOWN : Validity.VALID;
        List<String> reasons = new ArrayList<>(problems);
        reasons.addAll(unjudged);
        return new Verdict(checker, v, new LinkedHashMap<>(figures), List.copyOf(reasons));
    }

    public static Verdict unknown(String checker, String why) {
        return new Verdict(checker, Validity.UNKNOWN, Map.of(), List.of(why));
    }

    public boolean valid() {
        return validity == Validity.VALID;
    }

    /** A measured figure; empty when this checker did not measure it (a missing figure is no number). */
    public OptionalLong figure(String name) {
        return figures.get(name) instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    /**
     * A scenario's verdict from its checks: invalid beats unknown beats valid, and a scenario
     * whose procedure did not complete is invalid whatever its checks said.
     */
    public static Validity overall(List<Verdict> checks, boolean completed) {
        Validity v = completed ? Validity.VALID : Validity.INVALID;
        for (Verdict c : checks) v = v.and(c.validity());
        return v;
    }
}
