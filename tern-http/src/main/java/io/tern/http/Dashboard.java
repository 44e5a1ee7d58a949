package io.tern.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The web dashboard's files (docs/operations.md#dashboard): plain HTML, CSS and JavaScript shipped in
 * this jar under {@code io/tern/http/dashboard/}, read once at start and served from memory on the
 * event loop ({@code /} is the page, {@code /dashboard/*} its script and style), with their content
 * type, an ETag and {@code Cache-Control: no-cache} (revalidated, so an upgrade is seen at once).
 * The page itself holds no data: it calls the admin API with the admin token typed into its login
 * form.
 */
final class Dashboard {

    private static final String BASE = "io/tern/http/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    static final String FILES = "index.html app.js style.css";
    /** Everything from Tern itself: no inline script, nothing from elsewhere, not in a frame. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private record File(Buffer body, String type, String etag) {
    }

    private final Map<String, File> files = new HashMap<>();

    Dashboard() {
        for (String name : FILES.split(" ")) {
            files.put(name, load(name));
        }
    }

    private static File load(String name) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + BASE + name + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8)
                    + "\"";
            return new File(Buffer.buffer(bytes), TYPES.get(name.substring(name.lastIndexOf('.') + 1)), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void mount(Router router) {
        router.get("/").handler(ctx -> serve(ctx, files.get("index.html")));
        router.get("/dashboard/:file").handler(ctx -> {
            File f = files.get(ctx.pathParam("file"));
            if (f == null || ctx.pathParam("file").equals("index.html")) {
                ctx.next();
            } else {
                serve(ctx, f);
            }
        });
    }

    private static void serve(RoutingContext ctx, File f) {
        ctx.response().putHeader("cache-control", "no-cache").putHeader("etag", f.etag())
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", CSP)
                .putHeader("referrer-policy", "no-referrer");
        if (f.etag().equals(ctx.request().getHeader("if-none-match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("content-type", f.type()).end(f.body());
    }
}
