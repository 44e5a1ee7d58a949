package io.tern.http.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods a router answers on a path, for the {@code Allow} header a 405 must carry (RFC 9110
 * §15.5.6). Vert.x collects them itself but only writes the header when no error handler for 405
 * is set, and Tern sets one (its errors are problem+json), so they are found again here from the
 * routes: every route that names its methods and whose path pattern ({@code /messages/:id})
 * matches, sub-routers included under their mount point.
 */
public final class AllowedMethods {

    private static final Pattern PARAMETER = Pattern.compile(":\\w+");

    private AllowedMethods() {
    }

    /** The methods routed on {@code path}, in name order; empty when no route has it. */
    public static Set<HttpMethod> on(Router router, String path) {
        Set<HttpMethod> out = new TreeSet<>(Comparator.comparing(HttpMethod::name));
        collect(router, "", path, out);
        return out;
    }

    /** {@code methods} as an {@code Allow} header value: {@code "GET, HEAD, POST"}. */
    public static String header(Set<HttpMethod> methods) {
        StringBuilder b = new StringBuilder();
        for (HttpMethod m : methods) {
            b.append(b.length() == 0 ? "" : ", ").append(m.name());
        }
        return b.toString();
    }

    private static void collect(Router router, String mount, String path, Set<HttpMethod> out) {
        for (Route route : router.getRoutes()) {
            String p = route.getPath();
            if (p == null) {
                continue; // a route by regular expression, or one for every path (authentication, bodies)
            }
            if (route.getSubRouter() != null) {
                String at = mount + trimmed(p);
                if (path.equals(at) || path.startsWith(at + "/")) {
                    collect(route.getSubRouter(), at, path, out);
                }
            } else if (route.methods() != null && !route.methods().isEmpty() && matches(mount + p, path)) {
                out.addAll(route.methods());
            }
        }
    }

    /** A mount point's path without its trailing {@code *} and {@code /}. */
    private static String trimmed(String p) {
        String s = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Whether {@code path} is one {@code pattern} routes, as Vert.x matches it: a trailing {@code /} allowed. */
    private static boolean matches(String pattern, String path) {
        if (pattern.indexOf(':') < 0) {
            return pattern.equals(path) || path.equals(pattern + "/");
        }
        StringBuilder regex = new StringBuilder();
        java.util.regex.Matcher m = PARAMETER.matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last))).append("/?");
        return Pattern.matches(regex.toString(), path);
    }
}
