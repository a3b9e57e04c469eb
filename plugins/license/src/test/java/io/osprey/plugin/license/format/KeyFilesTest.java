package io.osprey.plugin.license.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void keysWrittenAsPem_readBack_andThePrivateOneIsOwnerOnly() throws Exception {
        KeyPair pair = KeyFiles.generate();
        Path pub = dir.resolve("license.pub");
        Path key = dir.resolve("license.key");
        KeyFiles.writePublic(pub, pair.getPublic());
        KeyFiles.writePrivate(key, pair.getPrivate());
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(KeyFiles.readPublic(pub).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(KeyFiles.readPrivate(key).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void existingPrivateKey_isNeverOverwritten() throws Exception {
        Path key = dir.resolve("license.key");
        KeyFiles.writePrivate(key, KeyFiles.generate().getPrivate());
        assertThatThrownBy(() -> KeyFiles.writePrivate(key, KeyFiles.generate().getPrivate()))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void missingFile_isNamed() {
        Path missing = dir.resolve("nope.pub");
        assertThatThrownBy(() -> KeyFiles.readPublic(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void notPem_saysWhichBlockIsExpected() throws Exception {
        Path pub = Files.writeString(dir.resolve("license.pub"), "hello");
        assertThatThrownBy(() -> KeyFiles.readPublic(pub))
                .hasMessage(pub + ": not a PEM file with a '-----BEGIN PUBLIC KEY-----' block");
    }

    @Test
    void rsaKey_isNotAnEd25519Key() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Path pub = Files.writeString(dir.resolve("rsa.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> KeyFiles.readPublic(pub)).isInstanceOf(LicenseException.class)
                .hasMessageStartingWith(pub + ": not an Ed25519 public key");
    }
}
