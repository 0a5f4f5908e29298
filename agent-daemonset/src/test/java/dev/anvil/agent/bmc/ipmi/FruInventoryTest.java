package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sim.ipmi.FruImage;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FruInventoryTest {

  /** Common header, board area at 8 and product area at 24, each 16 bytes, checksums filled in by {@link #sum}. */
  private static byte[] handMade() {
    var image = HexFormat.of().parseHex(String.join("",
        "0100000103000000", // version 1, board at 1 x 8, product at 3 x 8
        "010200" + "000000" + "c341636d" + "c1" + "00000000" + "00", // board: English, no date, "Acm"
        "010200" + "c25a78" + "8329dca6" + "c1" + "00000000" + "00")); // product: "Zx", 6-bit "IPMI"
    sum(image, 0, 8);
    sum(image, 8, 16);
    sum(image, 24, 16);
    return image;
  }

  @Test
  void boardAndProductFieldsAreDecodedByTheirType() {
    assertThat(FruInventory.parse(handMade()))
        .isEqualTo(new FruInventory("Acm", null, null, "Zx", "IPMI", null, null));
  }

  @Test
  void anAreaFailingItsChecksumIsLeftOut() {
    var image = handMade();
    image[13]++;
    assertThat(FruInventory.parse(image)).isEqualTo(new FruInventory(null, null, null, "Zx", "IPMI", null, null));
    image[7]++;
    assertThat(FruInventory.parse(image)).isEqualTo(new FruInventory(null, null, null, null, null, null, null));
  }

  @Test
  void everyFieldTheInventoryUsesIsFound() {
    var image = FruImage.of(List.of(FruImage.latin1("Anvil Labs"), FruImage.latin1("AV-1 Mainboard"),
            FruImage.bcdPlus("12345-678")),
        List.of(FruImage.latin1("Anvil"), FruImage.sixBit("ANVIL R1"), FruImage.latin1("AV-R1"),
            FruImage.latin1("1.0"), FruImage.latin1("SN0042")));
    assertThat(FruInventory.parse(image)).isEqualTo(new FruInventory("Anvil Labs", "AV-1 Mainboard", "12345-678",
        "Anvil", "ANVIL R1", "AV-R1", "SN0042"));
  }

  @Test
  void imagesWithoutAValidHeaderGiveNoFields() {
    assertThat(FruInventory.parse(new byte[4]).productName()).isNull();
    assertThat(FruInventory.parse(new byte[16]).productName()).isNull();
  }

  private static void sum(byte[] image, int offset, int length) {
    image[offset + length - 1] = IpmiMessage.checksum(image, offset, length - 1);
  }
}
