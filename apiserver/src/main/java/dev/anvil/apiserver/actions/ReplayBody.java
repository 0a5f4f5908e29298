package dev.anvil.apiserver.actions;

import dev.anvil.crds.v1alpha1.ReplayRequest;
import dev.anvil.crds.validation.FieldError;
import dev.anvil.crds.validation.FieldError.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code POST .../workflows/{name}/replay}, {@code {"nodes": ["a", "b"]}} or {@code {"all": true}}:
 * a body of the wrong shape is a 400, one that asks for nothing (or both) is a list of field errors for a 422.
 */
final class ReplayBody {

  static final String USAGE = "body must be {\"nodes\": [<node>, ...]} or {\"all\": true}";

  private ReplayBody() {
  }

  /** The request {@code body} makes, or the field errors that make it invalid (then the request is null). */
  record Parsed(ReplayRequest request, List<FieldError> errors) {
  }

  static Parsed parse(Map<String, Object> body) {
    var all = body.get("all");
    var nodes = body.get("nodes");
    if (all != null && !(all instanceof Boolean) || nodes != null && !(nodes instanceof List<?>)) {
      throw ActionErrors.badRequest(USAGE);
    }
    var names = new ArrayList<String>();
    var errors = new ArrayList<FieldError>();
    if (nodes != null) {
      var given = (List<?>) nodes;
      for (int i = 0; i < given.size(); i++) {
        if (!(given.get(i) instanceof String name)) {
          throw ActionErrors.badRequest(USAGE);
        }
        if (name.isBlank()) {
          errors.add(new FieldError(Type.FieldValueRequired, "nodes[" + i + "]", "Required value"));
        }
        names.add(name.strip());
      }
    }
    boolean everything = Boolean.TRUE.equals(all);
    if (everything && !names.isEmpty()) {
      errors.add(new FieldError(Type.FieldValueForbidden, "nodes", "Forbidden: may not be given with all: true"));
    } else if (!everything && names.isEmpty()) {
      errors.add(new FieldError(Type.FieldValueRequired, "nodes", "Required value: name the nodes to replay, or "
          + "give all: true"));
    }
    return errors.isEmpty() ? new Parsed(new ReplayRequest(everything, names), List.of()) : new Parsed(null, errors);
  }
}
