package dev.anvil.crds.v1alpha1;

/**
 * The values of a BmcHost's one-shot request annotations ({@code anvil.dev/power-action},
 * {@code anvil.dev/boot-override}) and how to tell whether one was carried out: shared by the operator, which carries
 * them out, and by whoever writes them (Workflow bmc nodes, the apiserver's power subresource).
 */
public final class BmcHostRequests {

  private BmcHostRequests() {
  }

  /** The power-action annotation value that asks for {@code action} under {@code requestId}. */
  public static String powerValue(PowerAction action, String requestId) {
    return action.name() + "/" + requestId;
  }

  /** The boot-override annotation value that asks for {@code override} under {@code requestId}. */
  public static String bootValue(BootOverride override, String requestId) {
    var enabled = override.getEnabled() == null ? BootOverride.Enabled.Once : override.getEnabled();
    return override.getTarget().name() + "," + enabled.name()
        + (override.getMode() == null ? "" : "," + override.getMode().name()) + "/" + requestId;
  }

  /** The action asked for by this annotation value (power-action or boot-override), or null when none is recorded. */
  public static BmcActionRecord find(BmcHostStatus status, String value) {
    if (status == null || value == null) {
      return null;
    }
    if (status.getLastAction() != null && value.equals(status.getLastAction().getRequest())) {
      return status.getLastAction();
    }
    return status.getRequests() == null ? null
        : status.getRequests().stream().filter(r -> value.equals(r.getRequest())).findFirst().orElse(null);
  }

  /**
   * The value of {@code annotation} on the host when it is a request not carried out yet, else null (absent, blank,
   * or already carried out or refused).
   */
  public static String waiting(BmcHost host, String annotation) {
    var annotations = host.getMetadata().getAnnotations();
    var value = annotations == null ? null : annotations.get(annotation);
    if (value == null || value.isBlank()) {
      return null;
    }
    var status = host.getStatus();
    var last = status == null ? null : BmcHost.BOOT_OVERRIDE_ANNOTATION.equals(annotation)
        ? status.getLastBootRequest() : status.getLastPowerRequest();
    return value.equals(last) || find(status, value) != null ? null : value;
  }
}
