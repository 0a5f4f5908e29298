package dev.anvil.cli.commands;

import java.util.List;
import java.util.Locale;

/** Lets people type power actions as they say them ({@code force-off}, {@code forceoff}) and sends Redfish's names. */
final class PowerActions {

  /** The apiserver's list (PowerAction); it stays the judge: an unknown word is sent as typed and refused there. */
  static final List<String> KNOWN = List.of("On", "ForceOn", "ForceOff", "GracefulShutdown", "GracefulRestart",
      "ForceRestart", "PowerCycle", "Nmi", "PushPowerButton");

  private PowerActions() {
  }

  static String canonical(String typed) {
    var key = squash(typed);
    return KNOWN.stream().filter(known -> squash(known).equals(key)).findFirst().orElse(typed);
  }

  private static String squash(String text) {
    return text.replaceAll("[-_ ]", "").toLowerCase(Locale.ROOT);
  }
}
