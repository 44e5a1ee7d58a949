package io.tern.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One scrape of /metrics in the Prometheus text format, parsed into series: a name, its labels and
 * its value. Only what the tests need: no escapes inside label values beyond \" and \\.
 */
record Scrape(String text, List<Series> series, Map<String, String> types) {

    record Series(String name, Map<String, String> labels, double value) {
    }

    static Scrape parse(String text) {
        List<Series> out = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                types.put(p[0], p[1]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space;
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < line.indexOf(' ')) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq).trim();
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2; // after ="
                    while (line.charAt(j) != '"') {
                        if (line.charAt(j) == '\\') {
                            j++;
                        }
                        v.append(line.charAt(j++));
                    }
                    labels.put(key, v.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                space = line.indexOf(' ', i);
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            String rest = line.substring(space + 1).trim();
            int sp = rest.indexOf(' ');
            String value = sp < 0 ? rest : rest.substring(0, sp);
            out.add(new Series(name, labels, parseValue(value)));
        }
        return new Scrape(text, out, types);
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** The value of the one series {@code name} with exactly these labels ({@code key, value, ...}), if present. */
    OptionalDouble value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        for (Series s : series) {
            if (s.name.equals(name) && s.labels.equals(want)) {
                return OptionalDouble.of(s.value);
            }
        }
        return OptionalDouble.empty();
    }

    /** The value, or -1 when the series is missing (for assertions that print what they saw). */
    double get(String name, String... labels) {
        return value(name, labels).orElse(-1);
    }

    /** Every series named {@code name}. */
    List<Series> all(String name) {
        return series.stream().filter(s -> s.name.equals(name)).toList();
    }
}
