package io.osprey.plugin.license.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 key files in PEM: the public key as {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), the private key as
 * {@code PRIVATE KEY} (PKCS#8), the forms {@code openssl genpkey -algorithm ed25519} also writes. The JDK does the
 * cryptography; this class only reads and writes the files.
 */
public final class KeyFiles {

    /** The JDK algorithm name of every key and signature here. */
    public static final String ALGORITHM = "Ed25519";
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private KeyFiles() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM + " (Java 15 or newer has it)", e);
        }
    }

    public static void writePublic(Path file, PublicKey key) throws IOException {
        Files.writeString(file, pem(PUBLIC, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Writes a new private key file, readable by its owner only; never overwrites one. */
    public static void writePrivate(Path file, PrivateKey key) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a key file is never overwritten");
        }
        Files.writeString(file, "", StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's protection applies
        }
        Files.writeString(file, pem(PRIVATE, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** @throws LicenseException naming the file and why it is no Ed25519 public key */
    public static PublicKey readPublic(Path file) throws LicenseException {
        byte[] der = readPem(file, PUBLIC);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new LicenseException(file + ": not an " + ALGORITHM + " public key (" + e.getMessage() + ")", e);
        }
    }

    /** @throws LicenseException naming the file and why it is no Ed25519 private key */
    public static PrivateKey readPrivate(Path file) throws LicenseException {
        byte[] der = readPem(file, PRIVATE);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new LicenseException(file + ": not an " + ALGORITHM + " private key (" + e.getMessage() + ")", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] readPem(Path file, String label) throws LicenseException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new LicenseException(file + ": no such file");
        } catch (IOException e) {
            throw new LicenseException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new LicenseException(file + ": not a PEM file with a '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new LicenseException(file + ": the " + label + " block is not Base64", e);
        }
    }
}
