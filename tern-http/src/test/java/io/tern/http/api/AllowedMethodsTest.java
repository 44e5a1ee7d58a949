package io.tern.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AllowedMethodsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void findsTheMethodsOfAPathThroughParametersAndSubRouters() {
        Router api = Router.router(vertx);
        api.route().handler(c -> c.next()); // matches every method: not a method the path has
        api.post("/messages").handler(c -> c.end());
        api.get("/messages/:id").handler(c -> c.end());
        api.delete("/messages/:id").handler(c -> c.end());
        api.post("/campaigns/:id/pause").handler(c -> c.end());
        Router root = Router.router(vertx);
        root.get("/metrics").handler(c -> c.end());
        root.route("/api/v1/*").subRouter(api);
        assertThat(AllowedMethods.on(root, "/api/v1/messages/abc")).containsExactly(HttpMethod.DELETE, HttpMethod.GET);
        assertThat(AllowedMethods.on(root, "/api/v1/messages")).containsExactly(HttpMethod.POST);
        assertThat(AllowedMethods.on(root, "/api/v1/messages/")).containsExactly(HttpMethod.POST);
        assertThat(AllowedMethods.on(root, "/api/v1/campaigns/7/pause")).containsExactly(HttpMethod.POST);
        assertThat(AllowedMethods.on(root, "/metrics")).containsExactly(HttpMethod.GET);
        // a parameter is one segment; other paths have no methods
        assertThat(AllowedMethods.on(root, "/api/v1/messages/a/b")).isEmpty();
        assertThat(AllowedMethods.on(root, "/api/v1/nothing")).isEmpty();
        assertThat(AllowedMethods.on(root, "/api/v2/messages")).isEmpty();
        assertThat(AllowedMethods.header(AllowedMethods.on(root, "/api/v1/messages/x"))).isEqualTo("DELETE, GET");
    }
}
