package dev.anvil.protocol.bus;

/**
 * Field names and type values of an entry in {@link BusKeys#REPORTS}: {@code agent}, {@code seq} (report_seq),
 * {@code type}, {@code attempt} (attempt id) and {@code payload} (the serialized {@code Report}; for log lines the
 * texts are left out, they live in the attempt's log stream).
 */
public final class ReportEntry {

  public static final String AGENT = "agent";
  public static final String SEQ = "seq";
  public static final String TYPE = "type";
  public static final String ATTEMPT = "attempt";
  public static final String PAYLOAD = "payload";
  /** The BmcHost uid of a BMC entry (types {@link #BMC_OBSERVATION}, {@link #BMC_ACTION_RESULT}). */
  public static final String HOST = "host";
  /** Why the hub could not deliver a command (type {@link #COMMAND_REFUSED}); never contains secret values. */
  public static final String MESSAGE = "message";

  public static final String ATTEMPT_STARTED = "attempt-started";
  public static final String LOG_LINES = "log-lines";
  public static final String ATTEMPT_FINISHED = "attempt-finished";
  /** Written by the hub, not the agent: a command it could not send (e.g. its Secret is missing); seq = command_seq. */
  public static final String COMMAND_REFUSED = "command-refused";

  /**
   * A BmcHost's observation was stored in {@link BusKeys#bmcObservation}; the entry only says which host (field
   * {@link #HOST}), so the operator acknowledges it at once: the state lives in that key. When the hub stored the
   * observation itself ({@code CREDENTIALS_UNAVAILABLE}), {@link #SEQ} is the command_seq of the ServeBmcHost.
   */
  public static final String BMC_OBSERVATION = "bmc-observation";
  /** A BmcAction's result was stored in {@link BusKeys#bmcActionResults}; acknowledged at once, like the above. */
  public static final String BMC_ACTION_RESULT = "bmc-action-result";

  private ReportEntry() {
  }
}
