package dev.streamml.pipelines.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 in a PKCS12 key store, and a trust store holding it,
 * made with the JDK's {@code keytool}: what a TLS test broker and its clients need, without any
 * other tool or download.
 *
 * <pre>{@code
 * TestTlsStores stores = TestTlsStores.create(folder, "broker");
 * LocalKafkaBroker.builder().tls(stores.keystore(), stores.password(), stores.truststore(), stores.password());
 * }</pre>
 */
public final class TestTlsStores {
  private final Path keystore;
  private final Path truststore;
  private final String password;

  private TestTlsStores(Path keystore, Path truststore, String password) {
    this.keystore = keystore;
    this.truststore = truststore;
    this.password = password;
  }

  /** Creates {@code <name>.keystore.p12} and {@code <name>.truststore.p12} in {@code dir}. */
  public static TestTlsStores create(Path dir, String name) {
    String password = name + "-store-pass";
    Path keystore = dir.resolve(name + ".keystore.p12");
    Path certificate = dir.resolve(name + ".crt");
    Path truststore = dir.resolve(name + ".truststore.p12");
    keytool(
        "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", password, "-keypass", password);
    keytool(
        "-exportcert", "-alias", name, "-keystore", keystore.toString(), "-storepass", password,
        "-file", certificate.toString());
    keytool(
        "-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(),
        "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", password);
    return new TestTlsStores(keystore, truststore, password);
  }

  public Path keystore() {
    return keystore;
  }

  public Path truststore() {
    return truststore;
  }

  /** The password of both stores and of the key. */
  public String password() {
    return password;
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("keytool", ".log");
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "keytool " + args[0] + " failed: " + Files.readString(log));
      }
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
