package io.tern.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.account.Account;
import io.tern.smsc.admin.AdminStore;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.connector.ConnectorConfig;
import io.tern.smsc.store.StoreConfig;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;

/**
 * The accounts and connectors a data directory knows, for the commands that read it without a
 * running server ({@code tern export}, {@code tern apikey}): those of the file (or of the embedded
 * defaults), and those of the database's configuration in force, which wins after the first start
 * (accounts made with {@code tern admin} are only there; docs/configuration.md, "Where the
 * configuration lives").
 */
record NamesInForce(Set<String> accounts, Set<String> connectors) {

    static NamesInForce of(TernConfig config) {
        Set<String> accounts = new TreeSet<>();
        Set<String> connectors = new TreeSet<>();
        for (Account a : config.accounts()) {
            accounts.add(a.systemId());
        }
        if (config.accounts().isEmpty()) {
            accounts.add(ServeCommand.GENERATED_SYSTEM_ID);
        }
        for (ConnectorConfig c : config.connectors()) {
            connectors.add(c.name());
        }
        StoreConfig store = config.store();
        // a SQLite directory Tern never ran in has no configuration, and opening it would make a database
        if (!StoreConfig.SQLITE.equals(store.type()) || Files.exists(store.dataDir().resolve("tern.db"))) {
            AdminStore.open(store).latest().ifPresent(v -> {
                try {
                    JsonNode managed = new ObjectMapper().readTree(v.body());
                    managed.path("accounts").forEach(a -> accounts.add(a.path("system_id").asText()));
                    managed.path("connectors").forEach(c -> connectors.add(c.path("name").asText()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("configuration version " + v.version() + " is not JSON", e);
                }
            });
        }
        return new NamesInForce(accounts, connectors);
    }
}
