package io.tern.smpp.session;

import java.nio.file.Path;

/**
 * Client-side TLS: the PEM file of trusted certificates (or {@code insecureTrustAll} for tests
 * only), and optionally a client certificate chain and key (PEM, PKCS#8). TLS 1.2 and 1.3 only.
 */
public record ClientTlsConfig(Path trustCertFile, boolean insecureTrustAll, Path certChainFile, Path privateKeyFile) {

    public ClientTlsConfig {
        if (trustCertFile == null && !insecureTrustAll) {
            throw new IllegalArgumentException("trustCertFile is required unless insecureTrustAll");
        }
        if (trustCertFile != null) {
            TlsConfig.readable(trustCertFile);
        }
        if ((certChainFile == null) != (privateKeyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both certChainFile and privateKeyFile");
        }
        if (certChainFile != null) {
            TlsConfig.readable(certChainFile);
            TlsConfig.readable(privateKeyFile);
        }
    }

    public static ClientTlsConfig trusting(Path trustCertFile) {
        return new ClientTlsConfig(trustCertFile, false, null, null);
    }
}
