package dev.anvil.agent.console;

/** One viewer's console stream as the service drives it, whatever console it relays. */
interface ConsoleStream {

  /** Bytes the viewer typed or sent (already checked for gaps). Must not block. */
  void input(byte[] data);

  /** The viewer left or the hub stream is gone: the stream ends and no ConsoleClosed is sent. Must not block. */
  void leave();

  /** The agent ends the stream: a ConsoleClosed with the reason follows what is queued. Must not block. */
  void end(CloseReason reason, String message);
}
