package dev.anvil.agent.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.console.WriterRoles.Change;
import org.junit.jupiter.api.Test;

/** The serial console's writer role: first asker writes, the oldest asker inherits it, take_over moves it at once. */
class WriterRolesTest {

  private final WriterRoles roles = new WriterRoles();

  @Test
  void theFirstStreamAskingToWriteIsTheWriterAndLaterOnesAreReaders() {
    assertThat(roles.join("a", "alice", true, false)).containsExactly(new Change("a", true, "you have the console"));
    assertThat(roles.join("b", "bob", true, false))
        .containsExactly(new Change("b", false, "read-only: alice has the console"));
    assertThat(roles.join("c", "carol", false, false))
        .containsExactly(new Change("c", false, "read-only: alice has the console"));
    assertThat(roles.isWriter("a")).isTrue();
    assertThat(roles.isWriter("b")).isFalse();
  }

  @Test
  void aReaderThatJoinedFirstLeavesTheRoleToTheFirstAsker() {
    assertThat(roles.join("r", "rita", false, false)).containsExactly(new Change("r", false, "read-only"));
    assertThat(roles.join("w", "will", true, false)).containsExactly(new Change("w", true, "you have the console"));
  }

  @Test
  void whenTheWriterLeavesTheOldestStreamStillAskingTakesTheRole() {
    roles.join("a", "alice", true, false);
    roles.join("r", "rita", false, false);
    roles.join("b", "bob", true, false);
    roles.join("c", "carol", true, false);

    assertThat(roles.leave("a")).containsExactly(new Change("b", true, "you have the console: alice left"));
    assertThat(roles.isWriter("b")).isTrue();
    assertThat(roles.leave("r")).isEmpty();
    assertThat(roles.leave("b")).containsExactly(new Change("c", true, "you have the console: bob left"));
    assertThat(roles.leave("c")).isEmpty();
    assertThat(roles.isEmpty()).isTrue();
  }

  @Test
  void takeOverMovesTheRoleAtOnceAndTellsThePreviousWriterWhoTookIt() {
    roles.join("a", "alice", true, false);

    assertThat(roles.join("b", "bob", false, true)).containsExactly(
        new Change("b", true, "you took the console over from alice"),
        new Change("a", false, "read-only: bob took the console over"));
    assertThat(roles.isWriter("b")).isTrue();
    // alice still asks to write: she gets it back when bob leaves
    assertThat(roles.leave("b")).containsExactly(new Change("a", true, "you have the console: bob left"));
  }

  @Test
  void aReaderIsToldOnceThatItsInputIsDropped() {
    roles.join("a", "alice", true, false);
    roles.join("b", "", false, false);

    assertThat(roles.readOnlyNotice("b"))
        .contains(new Change("b", false, "read-only: your input is dropped; alice has the console"));
    assertThat(roles.readOnlyNotice("b")).isEmpty();
    assertThat(roles.readOnlyNotice("a")).isEmpty();
  }

  @Test
  void aWriterTakenOverIsToldAgainWhenItTypesAsAReader() {
    roles.join("a", "alice", true, false);
    roles.join("b", "bob", true, false);
    assertThat(roles.readOnlyNotice("b")).isPresent();
    roles.join("c", "", true, true);

    assertThat(roles.readOnlyNotice("a")).contains(
        new Change("a", false, "read-only: your input is dropped; another viewer has the console"));
    assertThat(roles.readOnlyNotice("b")).isEmpty();
  }
}
