package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.PROTOCOL_OR_REFUSED;
import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SDR repository answers that are cut, changed, junk or linked in a loop, read whole or in parts, give records or
 * fail readably, and soon.
 */
@Timeout(60)
class SdrRepositoryMalformedInputTest {

  private static final int GET_INFO = 0x20;
  private static final int RESERVE = 0x22;
  private static final int GARBAGE = 2000;
  private static final ScriptedBmc BMC = ScriptedBmc.start();
  /** Completion code, SDR version 51h, 6 records, free space, last addition and erase timestamps, operations. */
  private static final byte[] INFO = HexFormat.of().parseHex("00" + "51" + "0600" + "ffff" + "01000000" + "02000000"
      + "00");

  @AfterAll
  static void stop() {
    BMC.close();
  }

  @Test
  void repositoryInfo() {
    assertEachDecodesOrFails(MalformedBytes.answers(INFO, GARBAGE), PROTOCOL_OR_REFUSED, answer -> {
      BMC.script((netFn, command, data) -> answer);
      return SdrRepository.stamp(BMC.session());
    });
  }

  /** Each record's Get SDR answer garbled in turn (the others intact), read whole and, as ipmi_sim must, in parts. */
  @Test
  void recordAnswersCutOrChanged() {
    var valid = validAnswers();
    for (int garbled = 0; garbled < valid.size(); garbled++) {
      var inputs = MalformedBytes.answersCutOrChanged(valid.get(garbled));
      int index = garbled;
      assertEachDecodesOrFails(inputs, PROTOCOL_OR_REFUSED, answer -> {
        var answers = new ArrayList<>(valid);
        answers.set(index, answer);
        BMC.script(repository(answers, false));
        return SdrRepository.readAll(BMC.session());
      });
      assertEachDecodesOrFails(inputs, PROTOCOL_OR_REFUSED, answer -> {
        var answers = new ArrayList<>(valid);
        answers.set(index, answer);
        BMC.script(repository(answers, true));
        return SdrRepository.readAll(BMC.session());
      });
    }
  }

  @Test
  void recordAnswersOfJunk() {
    assertEachDecodesOrFails(MalformedBytes.garbage(GARBAGE, 400), PROTOCOL_OR_REFUSED, junk -> {
      BMC.script(ScriptedBmc.junk(junk));
      return SdrRepository.readAll(BMC.session());
    });
  }

  @Test
  void recordsLinkedInALoopFailAtOnce() throws Exception {
    var answers = validAnswers();
    // record 3 names record 2 as the next one
    answers.get(2)[1] = 2;
    BMC.script(repository(answers, false));
    var session = BMC.session();
    int before = BMC.commands();

    assertThatThrownBy(() -> SdrRepository.readAll(session)).isInstanceOf(BmcException.class)
        .hasMessageContaining("loop").extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(BMC.commands() - before).as("Get SDR of the first record, 2 and 3").isEqualTo(3);
    BMC.script(repository(validAnswers(), false));
    assertThat(SdrRepository.readAll(BMC.session())).hasSameSizeAs(SdrSamples.ALL);
  }

  /** Get SDR answers for the samples, each with the next record's id (the last FFFFh) and their ids 1 up. */
  private static List<byte[]> validAnswers() {
    var answers = new ArrayList<byte[]>();
    for (int i = 0; i < SdrSamples.ALL.size(); i++) {
      var record = SdrSamples.ALL.get(i);
      int next = i + 1 < SdrSamples.ALL.size() ? SdrSamples.ALL.get(i + 1)[0] : 0xffff;
      var answer = new byte[3 + record.length];
      answer[1] = (byte) next;
      answer[2] = (byte) (next >> 8);
      System.arraycopy(record, 0, answer, 3, record.length);
      answers.add(answer);
    }
    return answers;
  }

  /**
   * A repository whose record with id i + 1 is answered with answers[i] (completion code, next id, record), the
   * part a Get SDR asks for cut from it; inParts refuses whole reads with CAh, as ipmi_sim does.
   */
  private static ScriptedBmc.Script repository(List<byte[]> answers, boolean inParts) {
    return (netFn, command, data) -> {
      if (command == GET_INFO) {
        return INFO;
      }
      if (command == RESERVE) {
        return new byte[] {0, 1, 0};
      }
      int id = (data[2] & 0xff) | (data[3] & 0xff) << 8;
      int offset = data[4] & 0xff;
      int count = data[5] & 0xff;
      if (id == 0) {
        id = 1;
      }
      if (id > answers.size()) {
        return ScriptedBmc.NOT_PRESENT;
      }
      var answer = answers.get(id - 1);
      if (count == 0xff && !inParts || answer.length < 3 || answer[0] != 0) {
        return answer;
      }
      if (count == 0xff) {
        return new byte[] {(byte) CompletionCode.CANNOT_RETURN_REQUESTED_BYTES};
      }
      int from = Math.min(3 + offset, answer.length);
      var part = Arrays.copyOf(answer, 3 + Math.min(count, answer.length - from));
      System.arraycopy(answer, from, part, 3, part.length - 3);
      return part;
    };
  }
}
