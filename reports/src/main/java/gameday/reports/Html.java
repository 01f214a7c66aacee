package gameday.reports;

/**
 * The one writer of the HTML report, so escaping cannot be forgotten: {@link #text} escapes
 * whatever it is given (journal text comes from scenarios, errors and the environment), and
 * markup goes through {@link #raw}, whose name makes every unescaped string visible in review.
 * Numbers have their own methods: they cannot carry markup.
 */
final class Html {
    private final StringBuilder b;

    Html(int capacity) {
        b = new StringBuilder(capacity);
    }

    /** Markup written by the renderer itself: tags, attribute names, CSS. Never journal text. */
    Html raw(String markup) {
        b.append(markup);
        return this;
    }

    Html raw(char c) {
        b.append(c);
        return this;
    }

    /** Text or an attribute value, escaped; null writes nothing. */
    Html text(Object o) {
        b.append(escape(o));
        return this;
    }

    Html num(long n) {
        b.append(n);
        return this;
    }

    Html num(double n) {
        b.append(n);
        return this;
    }

    /** An SVG coordinate or length: short and locale-independent. */
    Html px(double v) {
        long r = Math.round(v * 10);
        if (r % 10 == 0) b.append(r / 10);
        else b.append(r < 0 ? "-" : "").append(Math.abs(r) / 10).append('.').append(Math.abs(r) % 10);
        return this;
    }

    /** A fragment written by another {@code Html}: escaped already. */
    Html html(Html fragment) {
        b.append(fragment.b);
        return this;
    }

    boolean isEmpty() {
        return b.length() == 0;
    }

    @Override
    public String toString() {
        return b.toString();
    }

    /** HTML/XML text and attribute escaping; drops characters XML 1.0 cannot carry. */
    static String escape(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0xFFFE || c == 0xFFFF ? "\uFFFD" : null;
            };
            if (r != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (b != null) {
                if (r != null) b.append(r);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
