package io.tern.http.api;

import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountHandle;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /account}: the authenticated account as the API sees it (a credentials check for clients such as {@code tern send}). */
final class AccountApi {

    private AccountApi() {
    }

    static void register(Router api, ApiContext c) {
        api.get("/account").handler(ctx -> {
            AccountHandle h = Api.account(ctx);
            Account a = h.account();
            JsonObject body = new JsonObject().put("system_id", a.systemId()).put("http", a.http())
                    .put("default_region", a.defaultRegion())
                    .put("default_validity", a.defaultValidity().toString())
                    .put("max_validity", a.maxValidity().toString());
            if (a.throughput() != null) {
                body.put("throughput", new JsonObject().put("rate", a.throughput().ratePerSecond())
                        .put("burst", a.throughput().burst()));
            }
            Json.send(ctx, 200, body);
        });
    }
}
