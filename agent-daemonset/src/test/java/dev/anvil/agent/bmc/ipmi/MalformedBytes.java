package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Malformed variants of a valid sample for decoder tests, and the one thing every decoder must do with them: decode,
 * or fail with a readable {@link BmcException} of an expected kind, never with another exception.
 */
final class MalformedBytes {

  /** Kinds a decoder may fail with when the input carries a completion code (0xC1 and 0xC9 are UNSUPPORTED). */
  static final Set<Kind> PROTOCOL_OR_REFUSED = EnumSet.of(Kind.PROTOCOL, Kind.REJECTED, Kind.UNSUPPORTED);
  /** The seed of every random input, so a failure can be replayed. */
  static final long SEED = 20240601L;

  /**
   * What a mutation sets a byte to: 00h, FFh (an oversized length wherever a length is), one more, one less, its top
   * bit flipped.
   */
  static final List<IntUnaryOperator> CHANGES = List.of(b -> 0, b -> 0xff, b -> b + 1, b -> b - 1, b -> b ^ 0x80);

  /** Something that decodes bytes. */
  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] input) throws BmcException;
  }

  private MalformedBytes() {
  }

  /** The sample cut after every length from 0 to one byte short of whole. */
  static List<byte[]> truncations(byte[] sample) {
    var out = new ArrayList<byte[]>();
    for (int length = 0; length < sample.length; length++) {
      out.add(Arrays.copyOf(sample, length));
    }
    return out;
  }

  /** The sample with one byte changed, at every position, in each of the {@link #CHANGES} that changes it. */
  static List<byte[]> mutations(byte[] sample) {
    var out = new ArrayList<byte[]>();
    for (int at = 0; at < sample.length; at++) {
      var values = new LinkedHashSet<Byte>();
      for (var change : CHANGES) {
        values.add((byte) change.applyAsInt(sample[at]));
      }
      values.remove(sample[at]);
      for (var value : values) {
        var mutated = sample.clone();
        mutated[at] = value;
        out.add(mutated);
      }
    }
    return out;
  }

  /** Seeded random byte strings of 0 to maxLength bytes. */
  static List<byte[]> garbage(int count, int maxLength) {
    var random = new Random(SEED);
    var out = new ArrayList<byte[]>();
    for (int i = 0; i < count; i++) {
      var bytes = new byte[random.nextInt(maxLength + 1)];
      random.nextBytes(bytes);
      out.add(bytes);
    }
    return out;
  }

  /** Every truncation and mutation of the sample, then random garbage up to twice its length. */
  static List<byte[]> variants(byte[] sample, int garbage) {
    var out = new ArrayList<byte[]>(truncations(sample));
    out.addAll(mutations(sample));
    out.addAll(garbage(garbage, Math.max(16, 2 * sample.length)));
    return out;
  }

  /**
   * Every truncation (down to the completion code alone) and mutation of a command's answer: one without even a
   * completion code is an IPMI message fault, which {@link IpmiMessageMalformedInputTest} covers.
   */
  static List<byte[]> answersCutOrChanged(byte[] sample) {
    var out = new ArrayList<byte[]>(truncations(sample));
    out.addAll(mutations(sample));
    out.removeIf(answer -> answer.length == 0);
    return out;
  }

  /** As {@link #answersCutOrChanged}, then random answers of up to twice the sample's length. */
  static List<byte[]> answers(byte[] sample, int garbage) {
    return variants(sample, garbage).stream().filter(answer -> answer.length > 0).toList();
  }

  /** Runs the decoder on each input, which must decode or fail readably with one of the kinds. */
  static void assertEachDecodesOrFails(List<byte[]> inputs, Set<Kind> allowed, Decoder decoder) {
    for (var input : inputs) {
      assertDecodesOrFails(input, allowed, decoder);
    }
  }

  /** The decoder's result on the input, or null when it failed readably with one of the kinds. */
  static Object assertDecodesOrFails(byte[] input, Set<Kind> allowed, Decoder decoder) {
    try {
      return decoder.decode(input);
    } catch (BmcException e) {
      assertReadable(e, allowed, HexFormat.of().formatHex(input));
      return null;
    } catch (RuntimeException e) {
      throw new AssertionError("escaped " + e + " on input " + HexFormat.of().formatHex(input), e);
    }
  }

  /** The failure is of one of the kinds, with a message a person can read (no bare exception text). */
  private static void assertReadable(BmcException e, Set<Kind> allowed, String input) {
    if (!allowed.contains(e.kind())) {
      fail(e.kind() + " (" + e.getMessage() + ") is not one of " + allowed + " on input " + input);
    }
    assertThat(e.getMessage()).as("message on input %s", input).isNotBlank().hasSizeGreaterThan(20)
        .doesNotContain("Exception", "java.", "null");
  }
}
