package dev.anvil.protocol.deadletter;

/** The Redis keys of the dead-letter queue (see the package documentation for the layout). */
final class DeadLetterKeys {

  static final String SEQ = "anvil:deadletter:seq";
  static final String ENTRY_PREFIX = "anvil:deadletter:entry:";
  static final String PENDING_PREFIX = "anvil:deadletter:pending:";

  private DeadLetterKeys() {
  }

  /** The entry hash of {@code id} ({@code <namespace>:<seq>}). */
  static String entry(String id) {
    return ENTRY_PREFIX + id;
  }

  static String recorded(String workflowUid, String node, int execution) {
    return "anvil:deadletter:recorded:" + workflowUid + ":" + node + ":" + execution;
  }

  static String namespace(String namespace) {
    return "anvil:deadletters:" + namespace;
  }

  static String workflowPrefix(String namespace) {
    return namespace(namespace) + ":workflow:";
  }

  static String workflow(String namespace, String workflow) {
    return workflowPrefix(namespace) + workflow;
  }

  static String pending(String workflowUid) {
    return PENDING_PREFIX + workflowUid;
  }
}
