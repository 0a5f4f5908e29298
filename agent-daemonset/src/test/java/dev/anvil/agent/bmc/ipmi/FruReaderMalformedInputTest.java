package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.PROTOCOL_OR_REFUSED;
import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FRU inventory images with bad offsets, lengths, checksums and type/length bytes, and Read FRU Data answers that
 * are cut, changed or junk, give inventory fields (null where unreadable) or fail readably.
 */
@Timeout(60)
class FruReaderMalformedInputTest {

  private static final int GET_AREA_INFO = 0x10;
  private static final int GARBAGE = 2000;
  private static final ScriptedBmc BMC = ScriptedBmc.start();
  /** Header (board area at 8, product at 24), board "Acm" (English), product "Zx" and 6-bit "IPMI". */
  private static final byte[] IMAGE = image("0100000103000000" + "010219000000c341636dc100000000" + "00"
      + "010219c25a788329dca6c10000000000");

  @AfterAll
  static void stop() {
    BMC.close();
  }

  @Test
  void theSampleReads() throws Exception {
    BMC.script(device(IMAGE));
    assertThat(FruReader.read(BMC.session())).isEqualTo(new FruInventory("Acm", null, null, "Zx", "IPMI", null,
        null));
  }

  @Test
  void imagesCutChangedOrJunk() {
    assertEachDecodesOrFails(MalformedBytes.variants(IMAGE, GARBAGE), PROTOCOL_OR_REFUSED, image -> {
      BMC.script(device(image));
      return FruReader.read(BMC.session());
    });
    assertEachDecodesOrFails(MalformedBytes.garbage(GARBAGE, 600), Set.of(Kind.PROTOCOL), FruInventory::parse);
  }

  @Test
  void areaInfoAnswers() {
    var info = HexFormat.of().parseHex("00" + "2800" + "00");
    assertEachDecodesOrFails(MalformedBytes.answers(info, GARBAGE), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script(garbling(device(IMAGE), 0, answer));
      return FruReader.read(BMC.session());
    });
  }

  /** Each Read FRU Data answer of a good read garbled in turn, the others intact. */
  @Test
  void readDataAnswersCutOrChanged() throws Exception {
    var honest = new ArrayList<byte[]>();
    BMC.script(recording(device(IMAGE), honest));
    FruReader.read(BMC.session());
    for (int garbled = 1; garbled < honest.size(); garbled++) {
      var inputs = MalformedBytes.answersCutOrChanged(honest.get(garbled));
      int index = garbled;
      assertEachDecodesOrFails(inputs, PROTOCOL_OR_REFUSED, answer -> {
        BMC.script(garbling(device(IMAGE), index, answer));
        return FruReader.read(BMC.session());
      });
    }
  }

  @Test
  void answersOfJunk() {
    assertEachDecodesOrFails(MalformedBytes.garbage(GARBAGE, 300), PROTOCOL_OR_REFUSED, junk -> {
      BMC.script(ScriptedBmc.junk(junk));
      return FruReader.read(BMC.session());
    });
  }

  /** FRU device 0 holding the image, byte-addressed. */
  private static ScriptedBmc.Script device(byte[] image) {
    return (netFn, command, data) -> {
      if (command == GET_AREA_INFO) {
        return new byte[] {0, (byte) image.length, (byte) (image.length >> 8), 0};
      }
      int offset = (data[1] & 0xff) | (data[2] & 0xff) << 8;
      int count = Math.max(0, Math.min(data[3] & 0xff, image.length - offset));
      var answer = new byte[2 + count];
      answer[1] = (byte) count;
      System.arraycopy(image, Math.min(offset, image.length), answer, 2, count);
      return answer;
    };
  }

  /** The script, but with its answer number at (0 first) replaced. */
  private static ScriptedBmc.Script garbling(ScriptedBmc.Script script, int at, byte[] answer) {
    var answered = new AtomicInteger();
    return (netFn, command, data) -> {
      var honest = script.answer(netFn, command, data);
      return answered.getAndIncrement() == at ? answer : honest;
    };
  }

  private static ScriptedBmc.Script recording(ScriptedBmc.Script script, List<byte[]> answers) {
    return (netFn, command, data) -> {
      var answer = script.answer(netFn, command, data);
      answers.add(answer);
      return answer;
    };
  }

  /** The image with the header's and each area's checksum filled in. */
  private static byte[] image(String hex) {
    var image = HexFormat.of().parseHex(hex);
    for (int[] area : new int[][] {{0, 8}, {8, 16}, {24, 16}}) {
      image[area[0] + area[1] - 1] = IpmiMessage.checksum(image, area[0], area[1] - 1);
    }
    return image;
  }
}
