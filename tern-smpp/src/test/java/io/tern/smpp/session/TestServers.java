package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandStatus;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Servers and authenticators shared by the socket tests. */
final class TestServers {

    static final String PASSWORD = "secret";

    private TestServers() {
    }

    static Path tls(String file) {
        try {
            return Path.of(TestServers.class.getResource("/session/tls/" + file).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts any system_id with password "secret" and answers every request at once. */
    static BindAuthenticator passwordSecret(SmppRequestHandler handler) {
        return info -> CompletableFuture.completedFuture(PASSWORD.equals(info.bind().password())
                ? BindResult.accept(handler) : BindResult.reject(CommandStatus.ESME_RINVPASWD));
    }
}
