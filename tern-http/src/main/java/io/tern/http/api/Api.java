package io.tern.http.api;

import io.tern.smsc.account.AccountHandle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, mounted at {@value #PREFIX} (docs/http-api.md): the OpenAPI document
 * ({@code GET /openapi.json}, public), then for every other route authentication ({@link ApiAuth}),
 * a request body read up to {@code http.max_body_size} (413 beyond) and the endpoints. Every error
 * is a {@link Problem} (RFC 9457).
 *
 * <p>To add endpoints: write a class {@code XxxApi} in this package with
 * {@code static void register(Router api, ApiContext c)} that adds its routes to {@code api} with
 * paths relative to {@value #PREFIX} (e.g. {@code api.post("/campaigns").handler(...)}), and call
 * it in {@link #router}. In a handler, {@link #account(RoutingContext)} is the authenticated
 * account and {@code ctx.body()} the request body; throw a {@link Problem} (or
 * {@code ctx.fail(problem)} from a callback) for any error, and use {@link Json#requireJson} for a
 * JSON body (415 otherwise). Never block the event loop: store calls return futures, turn them
 * into Vert.x futures on the request's context with {@link Json#onContext}; other blocking work
 * goes to {@code ctx.vertx().executeBlocking}. Then add the paths to
 * {@code io/tern/http/api/openapi.json} ({@code OpenApiDocumentTest} fails until the document and
 * the router agree) and a section to docs/http-api.md.
 */
public final class Api {

    private static final Logger log = LoggerFactory.getLogger(Api.class);

    public static final String PREFIX = "/api/v1";
    /** The routing-context key of the authenticated {@link AccountHandle}. */
    static final String ACCOUNT = "tern.account";
    static final String OPENAPI_RESOURCE = "/io/tern/http/api/openapi.json";

    private Api() {
    }

    /** The API's router, to mount at {@value #PREFIX}. */
    public static Router router(Vertx vertx, ApiContext c) {
        Router api = Router.router(vertx);
        Buffer openapi = Buffer.buffer(openApiDocument());
        api.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end(openapi));
        api.route().handler(new ApiAuth(c.smsc().accounts(), c.keys()));
        // a campaign's CSV is streamed, never buffered, so its route comes before the body handler
        CampaignApi.registerUpload(api, c);
        api.route().handler(BodyHandler.create(false).setBodyLimit(c.http().maxBodySize()));
        AccountApi.register(api, c);
        MessagesApi.register(api, c);
        SuppressionApi.register(api, c);
        CampaignApi.register(api, c);
        long limit = c.http().maxBodySize();
        api.route().failureHandler(ctx -> failed(ctx, limit));
        return api;
    }

    /** The account that made this request (every route after authentication has one). */
    public static AccountHandle account(RoutingContext ctx) {
        AccountHandle a = ctx.get(ACCOUNT);
        if (a == null) {
            throw new IllegalStateException("no authenticated account: route registered before ApiAuth");
        }
        return a;
    }

    /** The OpenAPI 3 document served at {@code /openapi.json}. */
    public static byte[] openApiDocument() {
        try (InputStream in = Api.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every failure of a route as problem+json: a {@link Problem} as it is, a bare status with its title, else 500. */
    static void failed(RoutingContext ctx, long maxBodySize) {
        Throwable f = ctx.failure();
        Problem p;
        if (f instanceof Problem problem) {
            p = problem;
        } else if (ctx.statusCode() == 413) {
            p = new Problem(413, "request body larger than " + maxBodySize + " octets (http.max_body_size)");
        } else if (f == null && ctx.statusCode() >= 400) {
            p = new Problem(ctx.statusCode(), Problem.titleOf(ctx.statusCode()));
        } else {
            log.warn("HTTP API request {} {} failed", ctx.request().method(), ctx.request().path(), f);
            p = new Problem(500, "internal error; the server log has the details");
        }
        p.send(ctx);
    }

    /** A 405 naming the methods that {@code path} has, in the problem and in the {@code Allow} header. */
    public static void methodNotAllowed(RoutingContext ctx, java.util.Set<io.vertx.core.http.HttpMethod> allowed) {
        String allow = AllowedMethods.header(allowed);
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Allow", allow);
        }
        new Problem(405, ctx.request().method() + " is not allowed on " + ctx.request().path()
                + (allow.isEmpty() ? "" : "; allowed: " + allow)).send(ctx);
    }

    /** The error pages of the whole listener as problem+json: no route (404), wrong method (405). */
    public static void errorPages(Router root) {
        root.errorHandler(404, ctx -> new Problem(404, "no such resource: " + ctx.request().path()).send(ctx));
        root.errorHandler(405, ctx -> methodNotAllowed(ctx, AllowedMethods.on(root, ctx.request().path())));
        root.errorHandler(413, ctx -> new Problem(413, "request body too large").send(ctx));
        root.errorHandler(415, ctx -> new Problem(415, "Content-Type must be application/json").send(ctx));
    }
}
