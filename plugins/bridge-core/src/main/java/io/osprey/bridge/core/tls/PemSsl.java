package io.osprey.bridge.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK {@link SSLContext} from {@link TlsSettings}: trust in the PEM CA certificates (or the JVM's trust store), and
 * the client certificate from a PEM chain with its PKCS#8 key (plain or encrypted with {@code ssl.password}) or from
 * a PKCS#12 keystore. For clients that take an {@code SSLContext} (RabbitMQ's); the JDK reads PEM keys only this way.
 */
public final class PemSsl {

    private PemSsl() {
    }

    /** @throws GeneralSecurityException naming what could not be read */
    public static SSLContext context(TlsSettings tls) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.caCertificates() != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(tls.caCertificates())) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            tmf.init(trust);
        } else {
            tmf.init((KeyStore) null);
        }
        KeyManagerFactory kmf = null;
        char[] password = tls.password() == null ? new char[0] : tls.password().toCharArray();
        KeyStore keys = null;
        if (tls.keyStore() != null) {
            keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tls.keyStore())) {
                keys.load(in, password);
            }
        } else if (tls.privateKey() != null) {
            keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", privateKey(tls.privateKey(), password), password,
                    certificates(tls.certificateChain()).toArray(Certificate[]::new));
        }
        if (keys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(String pem, char[] password) throws GeneralSecurityException, IOException {
        boolean encrypted = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        if (!encrypted && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new InvalidKeySpecException("the key file is not PKCS#8 (-----BEGIN PRIVATE KEY-----); convert it "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        PKCS8EncodedKeySpec spec;
        if (encrypted) {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory f = SecretKeyFactory.getInstance(info.getAlgName());
            spec = info.getKeySpec(f.generateSecret(new PBEKeySpec(password)));
        } else {
            spec = new PKCS8EncodedKeySpec(der);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new InvalidKeySpecException("the private key is neither RSA, EC nor EdDSA");
    }
}
