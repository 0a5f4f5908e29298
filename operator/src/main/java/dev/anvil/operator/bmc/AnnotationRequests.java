package dev.anvil.operator.bmc;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.crds.v1alpha1.BootTarget;
import dev.anvil.crds.v1alpha1.PowerAction;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one-shot request annotations ({@code anvil.dev/power-action}, {@code anvil.dev/boot-override}): their value
 * format, whether a value was carried out already, and the history in status.requests that lets the writer of a value
 * find its outcome even after later actions replaced status.lastAction.
 */
public final class AnnotationRequests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A boot-override annotation value read: the override, or why it is not one. */
  record Boot(BootOverride override, String problem) {
  }

  private AnnotationRequests() {
  }

  /** The action name of a power-action value (the part before the first {@code /}), or null when unknown. */
  static PowerAction powerAction(String value) {
    return ObservationMapping.enumOr(PowerAction.class, name(value), null);
  }

  /** The part of a value before its first {@code /}. */
  static String name(String value) {
    return (value.contains("/") ? value.substring(0, value.indexOf('/')) : value).strip();
  }

  /** Reads a boot-override value: {@code <target>[,<enabled>][,<mode>][/<anything>]}. */
  static Boot boot(String value) {
    var parts = name(value).split(",");
    var target = ObservationMapping.enumOr(BootTarget.class, parts[0].strip(), null);
    if (target == null) {
      return new Boot(null, "unknown boot target '" + parts[0].strip() + "' in " + BmcHost.BOOT_OVERRIDE_ANNOTATION
          + "; one of " + List.of(BootTarget.values()));
    }
    var override = new BootOverride(target, BootOverride.Enabled.Once, null);
    for (var i = 1; i < parts.length; i++) {
      var part = parts[i].strip();
      var enabled = ObservationMapping.enumOr(BootOverride.Enabled.class, part, null);
      var mode = ObservationMapping.enumOr(BootOverride.Mode.class, part, null);
      if (enabled != null) {
        override.setEnabled(enabled);
      } else if (mode != null) {
        override.setMode(mode);
      } else {
        return new Boot(null, "unknown boot override setting '" + part + "' in " + BmcHost.BOOT_OVERRIDE_ANNOTATION
            + "; one of " + List.of(BootOverride.Enabled.values()) + " or " + List.of(BootOverride.Mode.values()));
      }
    }
    return new Boot(override, null);
  }

  /**
   * Copies status.lastAction into status.requests when an annotation asked for it (newest first, the oldest dropped
   * beyond {@link BmcHostStatus#MAX_REQUESTS}), so its outcome outlives later actions.
   */
  static void remember(BmcHostStatus status) {
    var last = status.getLastAction();
    if (last == null || last.getRequest() == null) {
      return;
    }
    var kept = new ArrayList<BmcActionRecord>();
    kept.add(SERIALIZATION.clone(last));
    if (status.getRequests() != null) {
      status.getRequests().stream().filter(r -> !Objects.equals(r.getId(), last.getId()))
          .limit(BmcHostStatus.MAX_REQUESTS - 1L).forEach(kept::add);
    }
    if (status.getRequests() == null || !SERIALIZATION.convertValue(status.getRequests(), List.class)
        .equals(SERIALIZATION.convertValue(kept, List.class))) {
      status.setRequests(kept);
    }
  }
}
