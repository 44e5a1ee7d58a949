package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.http.api.Api;
import io.tern.http.api.ApiContext;
import io.tern.http.api.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at /api/v1/openapi.json against the implementation: every route the
 * API's router serves is in the document and every operation of the document is served, and the
 * document's example requests are valid by its own schema and accepted (201) by a real server.
 */
class OpenApiDocumentTest extends ApiServerTest {

    private static final String BODY = """
            http: {port: 0}
            accounts:
              - {system_id: alice, password_hash: HASH, default_region: GB, webhooks: {secret: alice-webhook-secret}}
            routes:
              - {destination: '*', target: sim}
            """;

    JsonObject doc;

    @Override
    String config() {
        return BODY;
    }

    @BeforeEach
    void readDocument() throws Exception {
        HttpResponse<String> r = tern.api("GET", "/openapi.json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        doc = new JsonObject(r.body());
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router api = Api.router(vertx, new ApiContext(tern.server.smsc(), ApiKeys.load(tern.dataDir()),
                    tern.server.smsc().config().http(), io.tern.smsc.server.SmscEvents.NONE));
            Set<String> served = operations(api, "");
            // the admin API and the dashboard's routes, mounted as HttpListener mounts them
            Router admin = Router.router(vertx);
            new AdminApi(null, null, null, java.util.List.of(), 1024, null).mount(admin);
            Set<String> adminServed = operations(admin, "/api/v1");
            Set<String> documented = new TreeSet<>();
            JsonObject paths = doc.getJsonObject("paths");
            for (String path : paths.fieldNames()) {
                for (String method : paths.getJsonObject(path).fieldNames()) {
                    if (!method.equals("parameters")) {
                        documented.add(method + " " + path);
                    }
                }
            }
            assertThat(served).isNotEmpty().contains("post /messages", "get /messages/{id}", "delete /messages/{id}");
            assertThat(adminServed).contains("get /admin/overview", "put /admin/handset-ranges",
                    "post /admin/handsets/{msisdn}/mo", "get /admin/messages", "put /admin/handset-replies",
                    "put /admin/distribution-lists/{name}/members");
            Set<String> all = new TreeSet<>(served);
            all.addAll(adminServed);
            assertThat(documented).isEqualTo(all);
        } finally {
            vertx.close();
        }
    }

    /** "method /path" of every route of {@code router} that names its methods, {@code prefix} removed. */
    private static Set<String> operations(Router router, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                continue; // auth, body and failure handlers match every path
            }
            for (HttpMethod m : route.methods()) {
                out.add(m.name().toLowerCase(Locale.ROOT) + " "
                        + route.getPath().substring(prefix.length()).replaceAll(":(\\w+)", "{$1}"));
            }
        }
        return out;
    }

    @Test
    void theAdminExamplesAreValidByTheirSchemas() {
        JsonObject paths = doc.getJsonObject("paths");
        JsonObject list = paths.getJsonObject("/admin/distribution-lists").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("example");
        assertThat(validator("DistributionList").validate(list).getValid()).isTrue();
        assertThat(validator("DistributionList").validate(list.copy().put("members",
                new io.vertx.core.json.JsonArray().add("+44 7700"))).getValid()).as("members are digits").isFalse();
        JsonObject reply = paths.getJsonObject("/admin/handset-replies").getJsonObject("put")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("example");
        assertThat(validator("HandsetReplyRequest").validate(reply).getValid()).isTrue();
        assertThat(validator("HandsetReplyRequest").validate(reply.copy().put("probability", 1.5)).getValid())
                .as("a probability is 0..1").isFalse();
    }

    @Test
    void theExampleRequestsAreValidByTheSchemaAndAcceptedByTheServer() throws Exception {
        Validator validator = validator("MessageRequest");
        JsonObject examples = doc.getJsonObject("paths").getJsonObject("/messages").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("examples");
        assertThat(examples.fieldNames()).isNotEmpty();
        for (String name : examples.fieldNames()) {
            JsonObject example = examples.getJsonObject(name).getJsonObject("value");
            OutputUnit result = validator.validate(example);
            assertThat(result.getValid()).as(name + ": " + result.getErrors()).isTrue();
            if (example.containsKey("schedule_at")) {
                // a fixed date may lie beyond the account's max_validity: the same request an hour from now
                example.put("schedule_at", Instant.now().plusSeconds(3600).toString());
            }
            HttpResponse<String> r = tern.api("POST", "/messages", TestServer.basic("alice"), example.encode());
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(201);
        }
        OutputUnit bad = validator.validate(new JsonObject().put("from", "ACME").put("to", "+447400123456"));
        assertThat(bad.getValid()).as("the schema requires text").isFalse();
    }

    /** A validator of the document's schema {@code name}. */
    private Validator validator(String name) {
        JsonObject schema = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
        return Validator.create(JsonSchema.of(schema),
                new JsonSchemaOptions().setDraft(Draft.DRAFT7).setBaseUri("https://tern.invalid/"));
    }

    @Test
    void theSuppressionExampleIsValidByTheSchemaAndAcceptedByTheServer() throws Exception {
        Validator validator = validator("SuppressionAdd");
        JsonObject example = doc.getJsonObject("paths").getJsonObject("/suppressions").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("example");

        assertThat(validator.validate(example).getValid()).isTrue();
        HttpResponse<String> r = tern.api("POST", "/suppressions", TestServer.basic("alice"), example.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(validator.validate(new JsonObject().put("number", "07700 900123")).getValid())
                .as("the schema wants international digits").isFalse();
    }
}
