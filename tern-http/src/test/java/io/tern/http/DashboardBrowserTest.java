package io.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.smpp.pdu.MessageState;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web dashboard in a real browser: Debian's chromium, headless, driven by Selenium through
 * /usr/bin/chromedriver (given explicitly, so selenium-manager downloads nothing), against a running
 * Tern with its SQLite store, real SMPP sessions and real HTTP. Skipped, saying so, only when
 * chromium is not installed (.ci/run installs it).
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    TestServer tern;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: the dashboard browser test needs chromium at " + CHROMIUM
                        + " (apt-get install chromium chromium-driver; .ci/run does it)");
        assertThat(CHROMEDRIVER).as("chromium is installed but chromedriver is not (apt-get install chromium-driver)")
                .isExecutable();
        tern = TestServer.startAdministered(dir, AdminApiTest.BODY);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1000", "--user-data-dir=" + dir.resolve("chromium"));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (tern != null) {
            tern.close();
        }
    }

    /** Waits for {@code condition}; on time-out fails with what the page shows, to tell why. */
    private void until(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the page did not get there within " + WAIT + "; it shows:\n"
                    + browser.findElement(By.tagName("body")).getText() + "\nand its console:\n"
                    + browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll(), e);
        }
    }

    private WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    private String text(String id) {
        return id(id).getText();
    }

    private void type(String id, String value) {
        WebElement e = id(id);
        e.clear();
        e.sendKeys(value);
    }

    private void page(String name) {
        browser.findElement(By.cssSelector("nav a[data-page='" + name + "']")).click();
        until(() -> id("page-" + name).isDisplayed());
    }

    private void login() throws Exception {
        browser.get("http://127.0.0.1:" + tern.httpPort() + "/");
        until(() -> id("login").isDisplayed());
        type("token", "tern_admin_forged");
        id("login-button").click();
        until(() -> text("login-error").contains("not valid"));
        assertThat(id("app").isDisplayed()).isFalse();
        type("token", tern.adminToken);
        id("login-button").click();
        until(() -> id("page-overview").isDisplayed());
        assertThat(browser.getCurrentUrl()).doesNotContain(tern.adminToken);
    }

    @Test
    void anAdministratorWatchesLoadFindsAMessageRunsACampaignAndFlipsHandsets() throws Exception {
        TestEsme alice = tern.bind("alice", BindType.BIND_TRX);
        login();

        // the live numbers move while an SMPP load runs (bounded: 20000 messages or 60 s)
        until(() -> text("sessions").equals("1"));
        // who is bound, and how
        until(() -> browser.findElements(By.cssSelector("#esme-sessions tbody tr")).size() == 1);
        List<WebElement> cells = browser.findElements(By.cssSelector("#esme-sessions tbody tr td"));
        assertThat(cells.get(0).getText()).isEqualTo("alice");
        assertThat(cells.get(1).getText()).isEqualTo("transceiver");
        assertThat(cells.get(2).getText()).startsWith("/127.0.0.1:");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread load = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (running.get() && sent.get() < 20_000 && System.nanoTime() < end) {
                try {
                    alice.submit("1234", "4477001" + String.format("%05d", sent.get()), "load", 0);
                    sent.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        }, "smpp-load");
        load.start();
        try {
            until(() -> Integer.parseInt(text("rate-submitted")) > 0
                    && Integer.parseInt(text("rate-delivered")) > 0);
            long first = Long.parseLong(text("total-submitted"));
            until(() -> Long.parseLong(text("total-submitted")) > first);
        } finally {
            running.set(false);
            load.join(30_000);
        }
        assertThat(sent.get()).isPositive();
        assertThat(browser.findElement(By.id("chart")).findElements(By.tagName("polyline"))).hasSize(3);

        // a message and its receipt, found by id and by number
        String id = alice.submit("1234", "447700900077", "find me", 1);
        alice.nextReceipt();
        page("messages");
        type("search-id", id);
        id("search-form").submit();
        until(() -> text("results").contains(id));
        until(() -> {
            id("search-form").submit();
            return text("results").contains("DELIVERED") && text("results").contains("receipt RECEIPT_SENT");
        });
        type("search-id", "");
        type("search-number", "+447700900077");
        id("search-form").submit();
        until(() -> text("results").contains(id)
                && text("results").contains("447700900077"));

        // a handset range made absent keeps its messages waiting; present again, they are delivered
        page("handsets");
        type("range-pattern", "4477009002*");
        id("range-absent").click();
        until(() -> text("handset-state").contains("absent"));
        assertThat(tern.server.smsc().handsets().isPresent("447700900299")).isFalse();
        assertThat(tern.server.smsc().handsets().isPresent("447700900399")).isTrue();
        String held = alice.submit("1234", "447700900299", "held", 0);
        type("handset-number", "447700900299");
        browser.findElement(By.cssSelector("#handset-form button")).click();
        until(() -> text("handset-state").contains("447700900299 is absent"));
        assertThat(tern.server.smsc().store().find(held).join().orElseThrow().state().isFinal()).isFalse();
        type("range-pattern", "4477009002*");
        id("range-present").click();
        until(() -> text("handset-state").contains("present"));
        until(() -> tern.server.smsc().store().find(held).join().orElseThrow().state()
                == MessageState.DELIVERED);

        // accounts: create one, disable it, and make an API key of alice's for her campaign
        page("accounts");
        until(() -> text("accounts").contains("alice"));
        WebElement form = id("account-form");
        form.findElement(By.name("system_id")).sendKeys("carol");
        form.findElement(By.name("password")).sendKeys(AdminApiTest.STRONG);
        form.findElement(By.cssSelector("button")).click();
        until(() -> text("accounts").contains("carol"));
        browser.findElement(By.cssSelector("button[data-account='carol']")).click();
        until(() -> browser.findElement(By.cssSelector("button[data-account='carol']"))
                .getText().equals("Enable"));
        assertThat(tern.admin("GET", "/accounts/carol", null).body()).contains("\"enabled\":false");
        // alice's session is asked to unbind; she may bind again
        assertThat(alice.bound()).isTrue();
        browser.findElement(By.cssSelector("button[data-unbind='alice']")).click();
        until(() -> text("account-out").startsWith("1 session(s) of alice asked to unbind"));
        until(() -> !alice.bound());
        WebElement aliceRow = browser.findElement(By.xpath("//table[@id='accounts']//tr[td[1]='alice']"));
        aliceRow.findElement(By.xpath(".//button[text()='API key']")).click();
        until(() -> text("api-key-out").contains("tern_"));
        String key = text("api-key-out").replaceAll("(?s).*(tern_\\S+).*", "$1");
        // a new key is taken by the HTTP API within a second (api-keys.tsv is re-read)
        until(() -> tern.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + tern.httpPort() + "/api/v1/account")).header("authorization", "Bearer " + key).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        // a campaign uploaded from a file reaches 100 %, its bad row counted as rejected
        Path csv = dir.resolve("customers.csv");
        StringBuilder rows = new StringBuilder("to,name\n");
        for (int i = 0; i < 20; i++) {
            rows.append("+4474101000").append(String.format("%02d", i)).append(",Ann").append(i).append('\n');
        }
        rows.append("12,Bad\n");
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        page("campaigns");
        id("campaign-file").sendKeys(csv.toAbsolutePath().toString());
        type("campaign-from", "ACME");
        type("campaign-rate", "50");
        browser.findElement(By.cssSelector("#campaign-form button")).click();
        until(() -> text("campaigns").contains("of 20"));
        until(() -> text("campaigns").contains("100 %"));
        assertThat(text("campaigns")).contains("delivered 20").contains("1 rows");

        // the account changes in the audit log, the password masked
        page("audit");
        until(() -> text("audit").contains("account.disable"));
        assertThat(text("audit")).contains("account.create").contains("carol")
                .doesNotContain(AdminApiTest.STRONG);
    }

    @Test
    void anAdministratorSetsAndRemovesAHandsetReplyAndSendsAnMo() throws Exception {
        login();
        page("handsets");
        type("reply-pattern", "447700900777");
        type("reply-text", "STOP");
        type("reply-probability", "1.5");
        id("reply-set").click();
        until(() -> text("error").contains("probability must be a number from 0 to 1"));
        assertThat(tern.server.smsc().handsets().replies()).isEmpty();

        type("reply-probability", "0.25");
        id("reply-set").click();
        until(() -> text("replies").contains("447700900777"));
        assertThat(text("replies")).contains("STOP").contains("0.25");
        assertThat(text("error")).isEmpty();
        assertThat(tern.server.smsc().handsets().replyOf("447700900777"))
                .isEqualTo(new io.tern.smsc.sim.Reply("STOP", 25));
        type("handset-number", "447700900777");
        browser.findElement(By.cssSelector("#handset-form button")).click();
        until(() -> text("handset-state").contains("answers STOP with probability 0.25"));

        browser.findElement(By.xpath("//table[@id='replies']//tr[td[1]='447700900777']//button")).click();
        until(() -> !text("replies").contains("447700900777"));
        assertThat(tern.server.smsc().handsets().replyOf("447700900777")).isNull();

        type("mo-from", "447700900777");
        type("mo-to", "447700900001");
        type("mo-text", "hello from a handset");
        browser.findElement(By.cssSelector("#mo-form button")).click();
        until(() -> text("mo-out").startsWith("stored as "));
        String moId = text("mo-out").substring("stored as ".length());
        assertThat(tern.server.smsc().store().find(moId).join()).hasValueSatisfying(
                m -> assertThat(m.source().addr()).isEqualTo("447700900777"));
    }
}
