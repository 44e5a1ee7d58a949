package io.tern.smsc.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's text with {@code {{column}}} placeholders, filled per row from the CSV columns of
 * those names. Parsed once; bound to a header, it renders a row without searching it.
 */
public final class Template {

    private final String text;
    /** Literal pieces, one more than {@link #columns}: text, column, text, column, ..., text. */
    private final List<String> literals = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();

    private Template(String text) {
        this.text = text;
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            if (open < 0) {
                break;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw CampaignException.invalid("template: '{{' at character " + (open + 1) + " is never closed by '}}'");
            }
            String name = text.substring(open + 2, close).trim();
            if (name.isEmpty()) {
                throw CampaignException.invalid("template: empty placeholder '{{}}' at character " + (open + 1));
            }
            literals.add(text.substring(from, open));
            columns.add(name);
            from = close + 2;
        }
        literals.add(text.substring(from));
    }

    public static Template parse(String text) {
        if (text == null || text.isBlank()) {
            throw CampaignException.invalid("template: required, the text to send (with {{column}} placeholders)");
        }
        return new Template(text);
    }

    public String text() {
        return text;
    }

    /** The columns its placeholders name, in order, possibly repeated. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** This template for a CSV with {@code header}; every placeholder must name one of its columns. */
    public Bound bind(List<String> header) {
        int[] index = new int[columns.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = header.indexOf(columns.get(i));
            if (index[i] < 0) {
                throw CampaignException.invalid("template: placeholder {{" + columns.get(i)
                        + "}} names no column of the CSV header " + header);
            }
        }
        return new Bound(index);
    }

    /** A template bound to a header's column positions. */
    public final class Bound {
        private final int[] index;

        private Bound(int[] index) {
            this.index = index;
        }

        /**
         * The text for {@code row}; null when a placeholder's value is missing or empty, with the
         * placeholder's name put in {@code missing[0]}.
         */
        public String render(String[] row, String[] missing) {
            StringBuilder b = new StringBuilder(text.length() + 32);
            for (int i = 0; i < index.length; i++) {
                b.append(literals.get(i));
                String v = index[i] < row.length ? row[index[i]] : null;
                if (v == null || v.isEmpty()) {
                    missing[0] = columns.get(i);
                    return null;
                }
                b.append(v);
            }
            return b.append(literals.get(index.length)).toString();
        }
    }
}
