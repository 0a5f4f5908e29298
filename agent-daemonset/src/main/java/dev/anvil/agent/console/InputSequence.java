package dev.anvil.agent.console;

/** Checks a stream's input frames arrive numbered 1, 2, 3 ... without gaps; a gap means frames were lost. */
final class InputSequence {

  private long expected = 1;

  /** Takes the next frame's seq; the GAP failure when it is not the one expected (later frames fail too). */
  synchronized void accept(long seq) throws ConsoleException {
    if (seq != expected) {
      var message = "input frames were lost: frame " + expected + " expected, " + seq + " arrived";
      expected = -1;
      throw new ConsoleException(CloseReason.GAP, message);
    }
    expected++;
  }
}
