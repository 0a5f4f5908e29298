package dev.anvil.protocol;

/** Constants both ends of the agent protocol ({@code anvil/agent/v1/agent.proto}) must agree on. */
public final class AgentProtocol {

  /** The major version of {@code anvil.agent.v1}, sent in {@code Hello} and {@code Welcome}. */
  public static final int PROTOCOL_VERSION = 1;

  /**
   * Largest message either side accepts (gRPC's default inbound limit, set explicitly on both ends);
   * the agent sizes its log batches below it.
   */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private AgentProtocol() {
  }
}
