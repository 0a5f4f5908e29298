package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.sim.redfish.Reply.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a BMC does to a ComputerSystem: {@code ComputerSystem.Reset} and a PATCH of its {@code Boot} override. */
final class SystemActions {

  static final String RESET_SUFFIX = "/Actions/ComputerSystem.Reset";
  private static final String RESET = "ComputerSystem.Reset";
  private static final Set<String> BOOT_PROPERTIES =
      Set.of("BootSourceOverrideTarget", "BootSourceOverrideEnabled", "BootSourceOverrideMode");
  /** The schema's values, used when the resource advertises none. */
  private static final List<String> STANDARD_TARGETS = List.of("None", "Pxe", "Floppy", "Cd", "Usb", "Hdd",
      "BiosSetup", "Utilities", "Diags", "UefiShell", "UefiTarget", "SDCard", "UefiHttp", "RemoteDrive", "UefiBootNext",
      "Recovery");
  private static final List<String> STANDARD_RESETS = List.of("On", "ForceOff", "GracefulShutdown",
      "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle", "Suspend", "Pause",
      "Resume", "FullPowerCycle");
  private static final List<String> STANDARD_ENABLED = List.of("Disabled", "Once", "Continuous");
  private static final List<String> STANDARD_MODES = List.of("Legacy", "UEFI");

  private final MockupTree tree;

  SystemActions(MockupTree tree) {
    this.tree = tree;
  }

  /** Whether a POST path is a system's reset action. */
  boolean isReset(String path) {
    return path.endsWith(RESET_SUFFIX) && tree.contains(systemOf(path));
  }

  /** Carries out a reset: validates {@code ResetType} against the advertised values, then moves the power state. */
  Reply reset(String path, JsonNode body) {
    var system = systemOf(path);
    var resource = tree.get(system).orElseThrow();
    var resetType = body.path("ResetType");
    if (resetType.isMissingNode() || resetType.isNull()) {
      return Reply.error(400, new Message("ActionParameterMissing",
          "The action " + RESET + " requires the parameter ResetType to be present in the request body.", RESET,
          "ResetType"));
    }
    var allowed = allowedResetTypes(resource.path("Actions").path("#" + RESET));
    var value = resetType.asText();
    if (!resetType.isTextual() || !contains(allowed, value)) {
      return Reply.error(400, new Message("ActionParameterValueNotInList", "The value " + value
          + " for the parameter ResetType in the action " + RESET + " is not in the list of acceptable values.",
          value, "ResetType", RESET));
    }
    var before = resource.path("PowerState").asText("Off");
    if (value.equals("Nmi") && !before.equals("On")) {
      return Reply.error(409, new Message("ResourceInStandby",
          "The request could not be performed because the resource is in standby."));
    }
    var after = switch (value) {
      case "On", "ForceOn", "GracefulRestart", "ForceRestart", "PowerCycle", "FullPowerCycle", "Resume" -> "On";
      case "ForceOff", "GracefulShutdown", "Suspend" -> "Off";
      case "PushPowerButton" -> before.equals("On") ? "Off" : "On";
      case "Pause" -> "Paused";
      default -> before;
    };
    var boots = after.equals("On") && (!before.equals("On") || value.contains("Restart") || value.contains("Cycle"));
    setPower(system, after, boots);
    return Reply.noContent();
  }

  /** Sets a system's power state (and its chassis'); a boot uses up a {@code Once} boot override. */
  void setPower(String system, String state, boolean boots) {
    var chassis = new ArrayList<String>();
    tree.edit(system, false, node -> {
      node.put("PowerState", state);
      node.path("Links").path("Chassis").forEach(link -> chassis.add(link.path("@odata.id").asText()));
      var boot = node.path("Boot");
      if (boots && boot.isObject() && "Once".equals(boot.path("BootSourceOverrideEnabled").asText())) {
        ((ObjectNode) boot).put("BootSourceOverrideEnabled", "Disabled").put("BootSourceOverrideTarget", "None");
      }
    });
    for (var path : chassis) {
      if (tree.get(path).map(c -> c.has("PowerState")).orElse(false)) {
        tree.edit(path, false, node -> node.put("PowerState", state));
      }
    }
  }

  /** Applies a PATCH of a system: only {@code Boot} is writable, each value checked against the allowable ones. */
  Reply patch(String system, JsonNode body) {
    var resource = tree.get(system).orElseThrow();
    if (!body.isObject()) {
      return Reply.malformedJson();
    }
    var problems = new ArrayList<Message>();
    body.fieldNames().forEachRemaining(name -> {
      if (!name.equals("Boot")) {
        problems.add(notWritable(resource, name, name));
      }
    });
    var boot = body.path("Boot");
    var current = resource.path("Boot");
    if (body.has("Boot") && !boot.isObject()) {
      problems.add(new Message("PropertyValueTypeError", "The value " + boot + " for the property Boot is of a "
          + "different type than the property can accept.", boot.toString(), "Boot"));
    }
    boot.fieldNames().forEachRemaining(name -> {
      if (!BOOT_PROPERTIES.contains(name)) {
        problems.add(notWritable(current, name, "Boot/" + name));
        return;
      }
      var value = boot.get(name);
      var advertised = current.path(name + "@Redfish.AllowableValues");
      var allowed = advertised.isArray() ? advertised : MockupTree.json().valueToTree(standard(name));
      if (!value.isTextual() || !contains(allowed, value.asText())) {
        problems.add(new Message("PropertyValueNotInList", "The value " + value.asText() + " for the property Boot/"
            + name + " is not in the list of acceptable values.", value.asText(), "Boot/" + name));
      }
    });
    if (!problems.isEmpty()) {
      return Reply.error(400, problems.toArray(Message[]::new));
    }
    tree.edit(system, false, node -> {
      var target = node.path("Boot").isObject() ? (ObjectNode) node.get("Boot") : node.putObject("Boot");
      boot.fields().forEachRemaining(field -> target.set(field.getKey(), field.getValue()));
    });
    return Reply.ok(tree.get(system).orElseThrow()).withHeader("ETag", tree.etag(system));
  }

  /** The advertised reset types: the action's AllowableValues, else its ActionInfo's, else the schema's. */
  private JsonNode allowedResetTypes(JsonNode action) {
    var advertised = action.path("ResetType@Redfish.AllowableValues");
    if (advertised.isArray()) {
      return advertised;
    }
    var info = tree.get(action.path("@Redfish.ActionInfo").asText(""));
    if (info.isPresent()) {
      for (var parameter : info.get().path("Parameters")) {
        if ("ResetType".equals(parameter.path("Name").asText())) {
          return parameter.path("AllowableValues");
        }
      }
    }
    return MockupTree.json().valueToTree(STANDARD_RESETS);
  }

  private static Message notWritable(JsonNode resource, String name, String property) {
    return resource.has(name)
        ? new Message("PropertyNotWritable",
            "The property " + property + " is a read only property and cannot be assigned a value.", property)
        : new Message("PropertyUnknown",
            "The property " + property + " is not in the list of valid properties for the resource.", property);
  }

  private static List<String> standard(String property) {
    return switch (property) {
      case "BootSourceOverrideTarget" -> STANDARD_TARGETS;
      case "BootSourceOverrideEnabled" -> STANDARD_ENABLED;
      default -> STANDARD_MODES;
    };
  }

  private static boolean contains(JsonNode array, String value) {
    for (var element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String systemOf(String resetPath) {
    return resetPath.substring(0, resetPath.length() - RESET_SUFFIX.length());
  }
}
