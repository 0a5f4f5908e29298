package dev.anvil.operator.bmc;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BootOverride;
import dev.anvil.protocol.agent.v1.BmcBootOverride;
import java.util.Objects;
import java.util.Optional;

/**
 * The boot override rules: a Once override is applied once per change of spec.bootOverride (its fingerprint is
 * recorded in status.bootOverrideApplied), a Continuous one also whenever the BMC shows something else, and
 * Disabled clears an override the BMC still has.
 */
final class BootOverrides {

  /** Prefix of the action ids of boot overrides: {@code boot-<fingerprint>-<n>}. */
  static final String ACTION_PREFIX = "boot-";

  private BootOverrides() {
  }

  /** Whether the wanted override must be (re)applied, given what was applied and what the BMC shows. */
  static boolean needed(BootOverride wanted, String applied, BootOverride observed) {
    if (!fingerprint(wanted).equals(applied)) {
      return true;
    }
    var enabled = enabled(wanted);
    if (enabled == BootOverride.Enabled.Continuous) {
      return observed == null || observed.getTarget() != wanted.getTarget()
          || observed.getEnabled() != BootOverride.Enabled.Continuous
          || wanted.getMode() != null && observed.getMode() != wanted.getMode();
    }
    return enabled == BootOverride.Enabled.Disabled && observed != null
        && observed.getEnabled() != null && observed.getEnabled() != BootOverride.Enabled.Disabled;
  }

  static BmcBootOverride command(BootOverride wanted) {
    var boot = BmcBootOverride.newBuilder().setTarget(wanted.getTarget().name()).setEnabled(enabled(wanted).name());
    if (wanted.getMode() != null) {
      boot.setMode(wanted.getMode().name());
    }
    return boot.build();
  }

  /** The fingerprint a successful boot override action applied, read from its id. */
  static Optional<String> appliedBy(BmcActionRecord action) {
    var id = action.getId();
    if (id == null || !id.startsWith(ACTION_PREFIX)) {
      return Optional.empty();
    }
    var end = id.lastIndexOf('-');
    return end > ACTION_PREFIX.length() ? Optional.of(id.substring(ACTION_PREFIX.length(), end)) : Optional.empty();
  }

  static String fingerprint(BootOverride wanted) {
    var text = wanted.getTarget() + "|" + enabled(wanted) + "|" + Objects.toString(wanted.getMode(), "");
    return Fingerprint.of(6, text.getBytes(UTF_8));
  }

  private static BootOverride.Enabled enabled(BootOverride wanted) {
    return wanted.getEnabled() == null ? BootOverride.Enabled.Once : wanted.getEnabled();
  }
}
