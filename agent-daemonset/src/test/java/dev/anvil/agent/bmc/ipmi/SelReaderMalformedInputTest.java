package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.PROTOCOL_OR_REFUSED;
import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * System Event Log answers that are cut, changed, junk or linked in a loop give log entries or fail readably, and
 * soon.
 */
@Timeout(60)
class SelReaderMalformedInputTest {

  private static final int GET_INFO = 0x40;
  private static final int LAST = 0xffff;
  private static final int GARBAGE = 2000;
  private static final IntFunction<String> NAMES = number -> number == 3 ? "CPU Temp" : null;
  private static final ScriptedBmc BMC = ScriptedBmc.start();

  @AfterAll
  static void stop() {
    BMC.close();
  }

  @Test
  void logInfo() {
    var entries = entries(3);
    assertEachDecodesOrFails(MalformedBytes.answers(info(3), GARBAGE), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script(log(answer, entries));
      return SelReader.read(BMC.session(), 5, NAMES);
    });
  }

  /** Each Get SEL Entry answer garbled in turn, the others intact. */
  @Test
  void entryAnswersCutOrChanged() {
    var valid = entries(3);
    for (int garbled = 0; garbled < valid.size(); garbled++) {
      var inputs = MalformedBytes.answersCutOrChanged(valid.get(garbled));
      int index = garbled;
      assertEachDecodesOrFails(inputs, PROTOCOL_OR_REFUSED, answer -> {
        var answers = new ArrayList<>(valid);
        answers.set(index, answer);
        BMC.script(log(info(3), answers));
        return SelReader.read(BMC.session(), 5, NAMES);
      });
    }
  }

  @Test
  void answersOfJunk() {
    assertEachDecodesOrFails(MalformedBytes.garbage(GARBAGE, 400), PROTOCOL_OR_REFUSED, junk -> {
      BMC.script(ScriptedBmc.junk(junk));
      return SelReader.read(BMC.session(), 5, NAMES);
    });
  }

  /** Without a record FFFFh the log is walked forward, which a loop must not keep going for the 65,535 it claims. */
  @Test
  void entriesLinkedInALoopFailAtOnce() throws Exception {
    var entries = entries(3);
    // record 2 names record 1 as the next one
    entries.get(1)[1] = 1;
    var log = log(info(LAST), entries);
    BMC.script((netFn, command, data) -> command != GET_INFO && data[2] == -1 && data[3] == -1
        ? ScriptedBmc.NOT_PRESENT : log.answer(netFn, command, data));

    var session = BMC.session();
    int before = BMC.commands();

    assertThatThrownBy(() -> SelReader.read(session, 5, NAMES)).isInstanceOf(BmcException.class)
        .hasMessageContaining("loop").extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(BMC.commands() - before).as("Get SEL Info, entry FFFFh, the first, 2 and 1").isEqualTo(5);
    BMC.script(log(info(3), entries(3)));
    assertThat(SelReader.read(BMC.session(), 5, NAMES).latest()).hasSize(3);
  }

  /** Completion code, version 51h, the entry count, free space, last addition and erase timestamps, operations. */
  private static byte[] info(int count) {
    var info = HexFormat.of().parseHex("00" + "51" + "0000" + "0010" + "80009265" + "00009265" + "02");
    info[2] = (byte) count;
    info[3] = (byte) (count >> 8);
    return info;
  }

  /** Get SEL Entry answers for records 1 to count, each a threshold event of the BMC's sensor 3. */
  private static List<byte[]> entries(int count) {
    var answers = new ArrayList<byte[]>();
    for (int id = 1; id <= count; id++) {
      int next = id < count ? id + 1 : LAST;
      var answer = HexFormat.of().parseHex("00" + "0000" + "0000" + "02" + "80009265" + "2000" + "04" + "01" + "03"
          + "01" + "595655");
      answer[1] = (byte) next;
      answer[2] = (byte) (next >> 8);
      answer[3] = (byte) id;
      answers.add(answer);
    }
    return answers;
  }

  /** A log answering Get SEL Info with info and record i + 1 (also as FFFFh when last) with entries[i]. */
  private static ScriptedBmc.Script log(byte[] info, List<byte[]> entries) {
    return (netFn, command, data) -> {
      if (command == GET_INFO) {
        return info;
      }
      int id = (data[2] & 0xff) | (data[3] & 0xff) << 8;
      int index = id == LAST ? entries.size() - 1 : id == 0 ? 0 : id - 1;
      return index < entries.size() ? entries.get(index) : ScriptedBmc.NOT_PRESENT;
    };
  }
}
