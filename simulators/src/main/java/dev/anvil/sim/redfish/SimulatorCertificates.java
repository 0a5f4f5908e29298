package dev.anvil.sim.redfish;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small CA made at start and a server certificate it signs for the simulator's names (by default
 * {@code localhost} and {@code 127.0.0.1}), so clients can verify the simulated BMC against the CA's PEM. Public for
 * the other simulated BMC endpoints (the VNC test server's {@code wss://}).
 */
public final class SimulatorCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final X509Certificate ca;
  private final X509Certificate server;
  private final KeyPair serverKeys;

  private SimulatorCertificates(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
    this.ca = ca;
    this.server = server;
    this.serverKeys = serverKeys;
  }

  /** A fresh CA and a server certificate for the given DNS names and IP addresses. */
  public static SimulatorCertificates create(List<String> names) {
    try {
      var caKeys = ecKeys();
      var caName = new X500Name("CN=Anvil Redfish simulator CA " + Long.toHexString(RANDOM.nextLong()));
      var caBuilder = builder(caName, caName, caKeys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      var ca = sign(caBuilder, caKeys);

      var serverKeys = ecKeys();
      var serverBuilder = builder(caName, new X500Name("CN=" + names.get(0)), serverKeys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
      return new SimulatorCertificates(ca, sign(serverBuilder, caKeys), serverKeys);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make the simulator's certificates", e);
    }
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    var now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws OperatorCreationException, GeneralSecurityException {
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static GeneralNames alternativeNames(List<String> names) throws IOException {
    var list = new ArrayList<GeneralName>();
    for (var name : names) {
      var isAddress = name.contains(":") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
      list.add(isAddress
          ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
          : new GeneralName(GeneralName.dNSName, name));
    }
    return new GeneralNames(list.toArray(GeneralName[]::new));
  }

  /** The server side of TLS: the server key with its chain up to the CA. */
  public SSLContext serverContext() {
    try {
      var password = new char[0];
      var store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", serverKeys.getPrivate(), password, new Certificate[] {server, ca});
      var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      var context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the simulator's TLS", e);
    }
  }

  /** The CA certificate in PEM, what a client trusts to verify the simulator. */
  public String caPem() {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(ca);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
