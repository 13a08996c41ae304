package dev.hubflow.core.cluster.credentials;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the private keys kubeconfigs hold: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE
 * KEY}) and SEC1 ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8, so the other two are wrapped
 * into PKCS#8 first.
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemKeys() {}

  static PrivateKey read(String pem) throws GeneralSecurityException {
    Matcher block = BLOCK.matcher(pem);
    if (!block.find()) {
      throw new GeneralSecurityException("client key is not PEM");
    }
    byte[] der = Base64.getMimeDecoder().decode(block.group(2).strip());
    switch (block.group(1)) {
      case "PRIVATE KEY":
        return pkcs8(der);
      case "RSA PRIVATE KEY":
        return KeyFactory.getInstance("RSA")
            .generatePrivate(
                new PKCS8EncodedKeySpec(sequence(integerZero(), RSA_ALGORITHM, tagged(0x04, der))));
      case "EC PRIVATE KEY":
        byte[] curve = sec1Curve(der);
        byte[] algorithm = tagged(0x30, concat(EC_PUBLIC_KEY_OID, curve));
        return KeyFactory.getInstance("EC")
            .generatePrivate(
                new PKCS8EncodedKeySpec(sequence(integerZero(), algorithm, tagged(0x04, der))));
      default:
        throw new GeneralSecurityException(
            "client key block \"" + block.group(1) + "\" is not a supported private key");
    }
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("client key is neither RSA, EC nor Ed25519", last);
  }

  /** The curve OID in a SEC1 key: {@code SEQUENCE { INTEGER 1, OCTET STRING, [0] OID, … }}. */
  private static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
    int[] pos = {0};
    expect(der, pos, 0x30);
    readLength(der, pos);
    while (pos[0] < der.length) {
      int tag = der[pos[0]++] & 0xff;
      int length = readLength(der, pos);
      if (tag == 0xa0) {
        byte[] oid = new byte[length];
        System.arraycopy(der, pos[0], oid, 0, length);
        return oid;
      }
      pos[0] += length;
    }
    throw new GeneralSecurityException("EC client key does not name its curve");
  }

  private static void expect(byte[] der, int[] pos, int tag) throws GeneralSecurityException {
    if (pos[0] >= der.length || (der[pos[0]++] & 0xff) != tag) {
      throw new GeneralSecurityException("client key is not valid DER");
    }
  }

  private static int readLength(byte[] der, int[] pos) throws GeneralSecurityException {
    if (pos[0] >= der.length) {
      throw new GeneralSecurityException("client key is not valid DER");
    }
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[pos[0]++] & 0xff);
    }
    return length;
  }

  private static byte[] integerZero() {
    return new byte[] {0x02, 0x01, 0x00};
  }

  private static byte[] sequence(byte[]... parts) {
    return tagged(0x30, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
