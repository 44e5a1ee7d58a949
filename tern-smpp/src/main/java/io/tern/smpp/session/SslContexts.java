package io.tern.smpp.session;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.SSLException;

/** Builds Netty TLS contexts: TLS 1.2 and 1.3 only, OpenSSL (BoringSSL) when available, else the JDK. */
final class SslContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SslContexts() {
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static SslContext server(TlsConfig c) {
        checkKeyMatchesCertificate(c.certChainFile(), c.privateKeyFile());
        SslContext ctx;
        try {
            SslContextBuilder b = SslContextBuilder.forServer(c.certChainFile().toFile(), c.privateKeyFile().toFile())
                    .sslProvider(provider()).protocols(c.protocols())
                    .ciphers(c.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
            if (c.trustCertFile() != null) {
                b.trustManager(c.trustCertFile().toFile());
            }
            b.clientAuth(switch (c.clientAuth()) {
                case NONE -> ClientAuth.NONE;
                case OPTIONAL -> ClientAuth.OPTIONAL;
                case REQUIRE -> ClientAuth.REQUIRE;
            });
            ctx = b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("bad TLS configuration: " + e.getMessage(), e);
        }
        if (ctx.cipherSuites().isEmpty()) {
            throw new IllegalArgumentException("bad TLS configuration: none of the cipher suites " + c.ciphers()
                    + " is supported by the TLS provider " + provider());
        }
        return ctx;
    }

    /**
     * Refuses a private key that is not the key of the certificate: the TLS libraries accept the pair
     * and then fail every handshake, which an operator sees only as clients that cannot connect. The
     * check signs a random challenge with the key and verifies it with the certificate's public key.
     * A key this code cannot read (not PKCS#8, or an algorithm it does not know) is left to the TLS
     * library, which reports its own error.
     */
    static void checkKeyMatchesCertificate(Path certificate, Path key) {
        PublicKey publicKey;
        try (InputStream in = Files.newInputStream(certificate)) {
            publicKey = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("bad TLS configuration: cannot read the certificate " + certificate
                    + ": " + e.getMessage(), e);
        }
        String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
        PrivateKey privateKey = pkcs8(certificate, key, publicKey.getAlgorithm());
        if (algorithm == null || privateKey == null) {
            return;
        }
        boolean matches;
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // e.g. an EC key on another curve than the certificate's: not its key either
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("bad TLS configuration: the private key " + key
                    + " does not belong to the certificate " + certificate);
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> keyAlgorithm;
            default -> null;
        };
    }

    /** The key of an unencrypted PKCS#8 PEM file, or null when it is not one (or of another algorithm). */
    private static PrivateKey pkcs8(Path certificate, Path key, String algorithm) {
        String pem;
        try {
            pem = Files.readString(key, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad TLS configuration: cannot read the private key " + key + ": "
                    + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            return null;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // a PKCS#8 key of another algorithm than the certificate's cannot be its key
            throw new IllegalArgumentException("bad TLS configuration: the private key " + key
                    + " does not belong to the certificate " + certificate, e);
        }
    }

    static SslContext client(ClientTlsConfig c) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider()).protocols(PROTOCOLS);
            if (c.insecureTrustAll()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                b.trustManager(c.trustCertFile().toFile());
            }
            if (c.certChainFile() != null) {
                b.keyManager(c.certChainFile().toFile(), c.privateKeyFile().toFile());
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("bad TLS configuration: " + e.getMessage(), e);
        }
    }
}
