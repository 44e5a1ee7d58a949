package io.tern.smpp.arch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The package graph of compiled classes, read by the JDK's own bytecode reader (jdeps), and its
 * cycles: packages that use each other, directly or through others, can be neither read nor changed
 * one at a time. Each module's {@code PackageCyclesTest} asserts that its graph has none.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** The classes directory {@code anchor} was loaded from (its module's {@code target/classes}). */
    public static Path classesOf(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Each package of {@code classes} under {@code prefix}, with the packages under {@code prefix}
     * its classes use (itself left out).
     */
    public static Map<String, Set<String>> uses(Path classes, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this Java runtime has no jdeps (a JDK has)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String under = Pattern.quote(prefix) + "(\\..*)?";
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "-e", under, classes.toString());
        if (rc != 0) {
            throw new IllegalStateException("jdeps exited with " + rc + ": " + err);
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].matches(under) && f[2].matches(under)) {
                Set<String> to = uses.computeIfAbsent(f[0], k -> new TreeSet<>());
                if (!f[0].equals(f[2])) {
                    to.add(f[2]);
                }
            }
        }
        return uses;
    }

    /**
     * Every cycle of the graph: each set of two or more packages that all reach one another (a
     * strongly connected component, Tarjan's algorithm), written as its packages and the uses between
     * them, e.g. {@code a -> b, b -> a}.
     */
    public static List<String> cycles(Map<String, Set<String>> uses) {
        return new Tarjan(uses).components().stream()
                .filter(c -> c.size() > 1)
                .map(c -> {
                    List<String> edges = new ArrayList<>();
                    for (String from : c) {
                        for (String to : uses.getOrDefault(from, Set.of())) {
                            if (c.contains(to)) {
                                edges.add(from + " -> " + to);
                            }
                        }
                    }
                    return String.join(", ", edges);
                })
                .toList();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> uses;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> uses) {
            this.uses = uses;
        }

        List<Set<String>> components() {
            for (String p : new TreeSet<>(uses.keySet())) {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            }
            return components;
        }

        private void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            for (String q : uses.getOrDefault(p, Set.of())) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (stack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    component.add(q);
                } while (!q.equals(p));
                components.add(component);
            }
        }
    }
}
