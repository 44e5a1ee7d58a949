package io.tern.smsc.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.smsc.config.ConfigDocument;
import io.tern.smsc.config.TernConfig;
import io.tern.smsc.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runtime administration keeps in each store's database (SQLite V7, PostgreSQL V9): the file
 * seeds it once, every change is a new version with its audit entry, the database wins over the
 * file at the next start, and two writers cannot both make the same version. Each store's test
 * extends it with its {@code store:} section.
 */
public abstract class AdministrationContract {

    static final String HASH = "$2a$04$abcdefghijklmnopqrstuu5fTQpMT0kXvXG/0P7bAh4zD0Ayk6h1y";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    protected Path dir;

    /** The {@code store:} section (one line of YAML) of a fresh, empty database for this test. */
    protected abstract String store();

    /** {@link #store()}, asked once per test: every open in a test must find the same database. */
    private String storeSection;

    private ConfigDocument file(String accounts) {
        return file(accounts, "");
    }

    /** With {@code more}: further top-level YAML. */
    private ConfigDocument file(String accounts, String more) {
        if (storeSection == null) {
            storeSection = store();
        }
        return ConfigDocument.parse(storeSection + "\naccounts: " + accounts + "\n" + more, dir);
    }

    private Administration open(String accounts, List<TernConfig> applied) {
        Administration a = Administration.open(file(accounts), c -> c, CLOCK);
        a.onChange(applied::add);
        return a;
    }

    @Test
    void theFileSeedsTheDatabaseOnceAndChangesWinAtTheNextStart() throws Exception {
        List<TernConfig> applied = new ArrayList<>();
        Administration first = open("[{system_id: alice, password_hash: '" + HASH + "'}]", applied);
        assertThat(first.version()).isEqualTo(1);
        first.createAccount("ops", JSON.readTree("{\"system_id\": \"carol\", \"password\": \"Tern2day\"}"));
        first.setAccountEnabled("ops", "alice", false);
        assertThat(applied).hasSize(2);
        assertThat(applied.get(1).accounts()).extracting(a -> a.systemId() + ":" + a.enabled())
                .containsExactly("alice:false", "carol:true");

        Administration again = open("[{system_id: zed, password_hash: '" + HASH + "'}]", new ArrayList<>());
        assertThat(again.version()).isEqualTo(3);
        assertThat(again.config().accounts()).extracting(a -> a.systemId()).containsExactly("alice", "carol");
        List<AuditEntry> log = again.audit(10, 0);
        assertThat(log).extracting(AuditEntry::action)
                .containsExactly("account.disable", "account.create", "config.seed");
        assertThat(log.get(1).actor()).isEqualTo("ops");
        assertThat(log.get(1).before()).isNull();
        assertThat(log.get(1).after()).contains("\"password_hash\":\"****\"").doesNotContain("$2");
        assertThat(log.get(0).before()).doesNotContain("enabled");
        assertThat(log.get(0).after()).contains("\"enabled\":false");
        assertThat(log.get(0).at()).isEqualTo(CLOCK.instant());
        assertThat(log.get(2).actor()).isEqualTo(Administration.SEED_ACTOR);
    }

    @Test
    void aRefusedChangeLeavesNoVersionAndNoAuditEntry() throws Exception {
        List<TernConfig> applied = new ArrayList<>();
        Administration a = open("[{system_id: alice, password_hash: '" + HASH + "'}]", applied);
        assertThatThrownBy(() -> a.updateAccount("ops", "alice", JSON.readTree("{\"allowed_ips\": [\"nope\"]}")))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("allowed_ips[0]");
                });
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.audit(10, 0)).hasSize(1);
        assertThat(applied).isEmpty();
    }

    @Test
    void twoWritersCannotBothMakeTheSameVersion() throws Exception {
        Administration one = open("[{system_id: alice, password_hash: '" + HASH + "'}]", new ArrayList<>());
        Administration two = open("[{system_id: alice, password_hash: '" + HASH + "'}]", new ArrayList<>());
        one.updateAccount("ops", "alice", JSON.readTree("{\"max_binds\": 2}"));
        assertThatThrownBy(() -> two.updateAccount("ops", "alice", JSON.readTree("{\"max_binds\": 3}")))
                .isInstanceOf(StoreException.class).hasMessageContaining("version 2");
        assertThat(Administration.open(file("[]"), c -> c, CLOCK).config().accounts().get(0).maxBinds())
                .isEqualTo(2);
    }

    @Test
    void anotherWritersChangeIsPutInForceByRefreshWithoutARestart() throws Exception {
        Administration one = open("[{system_id: alice, password_hash: '" + HASH + "'}]", new ArrayList<>());
        List<TernConfig> appliedOnTwo = new ArrayList<>();
        Administration two = open("[{system_id: alice, password_hash: '" + HASH + "'}]", appliedOnTwo);
        assertThat(two.refresh()).as("nothing changed yet").isFalse();

        one.updateAccount("ops", "alice", JSON.readTree("{\"max_binds\": 2}"));
        one.createDistributionList("ops", JSON.readTree("{\"name\": \"team\", \"members\": [\"447700900071\"]}"));

        assertThat(two.refresh()).isTrue();
        assertThat(two.version()).isEqualTo(3);
        assertThat(appliedOnTwo).hasSize(1);
        assertThat(appliedOnTwo.get(0).accounts().get(0).maxBinds()).isEqualTo(2);
        assertThat(appliedOnTwo.get(0).distributionLists()).containsEntry("team", List.of("447700900071"));
        assertThat(two.refresh()).isFalse();
        // two writes the next version itself, on top of one's
        two.deleteDistributionList("ops", "team");
        assertThat(one.refresh()).isTrue();
        assertThat(one.config().distributionLists()).isEmpty();
        assertThat(one.audit(10, 0)).extracting(AuditEntry::action).containsExactly("distribution_list.delete",
                "distribution_list.create", "account.update", "config.seed");
    }

    @Test
    void aStoredVersionWithoutDistributionListsKeepsTheFilesUntilTheyAreChangedOverTheApi() throws Exception {
        String alice = "[{system_id: alice, password_hash: '" + HASH + "'}]";
        Administration.open(file(alice), c -> c, CLOCK);
        // as if written before distribution_lists was managed: the file's lists are used
        Administration upgraded = Administration.open(file(alice,
                "distribution_lists: [{name: staff, members: ['447700900001']}]\n"), c -> c, CLOCK);
        assertThat(upgraded.config().distributionLists()).containsOnlyKeys("staff");

        upgraded.deleteDistributionList("ops", "staff");
        Administration later = Administration.open(file(alice,
                "distribution_lists: [{name: other, members: ['447700900002']}]\n"), c -> c, CLOCK);
        assertThat(later.config().distributionLists()).as("the database's (empty) lists win now").isEmpty();
        assertThat(later.export()).contains("distribution_lists: []");
    }
}
