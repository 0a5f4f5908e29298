package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpmiTextTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void sixBitAsciiPacksFourCharactersInThreeBytesLeastSignificantFirst() {
    // I = 29h, P = 30h, M = 2Dh, I = 29h (character - 20h): bits 101001 110000 101101 101001 from the low end
    assertThat(IpmiText.sixBitAscii(HEX.parseHex("29dca6"), 0, 3)).isEqualTo("IPMI");
    assertThat(IpmiText.fruField(0x83, HEX.parseHex("29dca6"), 0, 0)).isEqualTo("IPMI");
  }

  @Test
  void bcdPlusHasDigitsSpaceDashAndPeriodHighNibbleFirst() {
    assertThat(IpmiText.bcdPlus(HEX.parseHex("12345b6c"), 0, 4)).isEqualTo("12345-6.");
    assertThat(IpmiText.fruField(0x43, HEX.parseHex("01a9aa"), 0, 0)).as("trailing spaces dropped")
        .isEqualTo("01 9");
  }

  @Test
  void eightBitTextIsLatin1InEnglishAreasAndUcs2Otherwise() {
    var latin = HEX.parseHex("416e76696c20e9202000");
    assertThat(IpmiText.fruField(0xc0 | latin.length, latin, 0, 25)).isEqualTo("Anvil \u00e9");
    var ucs2 = HEX.parseHex("41006e00");
    assertThat(IpmiText.fruField(0xc4, ucs2, 0, 3)).as("language 3 is not English").isEqualTo("An");
  }

  @Test
  void binaryFieldsAreHexAndEmptyFieldsNull() {
    assertThat(IpmiText.fruField(0x02, HEX.parseHex("beef"), 0, 0)).isEqualTo("beef");
    assertThat(IpmiText.fruField(0xc0, new byte[0], 0, 0)).isNull();
  }

  @Test
  void sdrIdStringsAreReadFromTheirOffset() {
    var record = HEX.parseHex("ffff" + "c3" + "466e31");
    assertThat(IpmiText.sdrIdString(record[2] & 0xff, record, 3)).isEqualTo("Fn1");
  }
}
