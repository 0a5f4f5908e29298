package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.HashMap;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code x-kubernetes-validations} entry compiled to CEL programs once, evaluated per value the way
 * kube-apiserver does: {@code self} (and {@code oldSelf} for transition rules) bound to the value at the schema node.
 */
final class CelRule {

  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  /**
   * One environment for every rule: {@code self} and {@code oldSelf} are dynamic, so object, map, list and scalar
   * nodes share it; the string, sets, math and base64 extensions cover most of the Kubernetes CEL libraries.
   */
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(100_000)
          .build())
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.DEFAULT), CelExtensions.math(),
          CelExtensions.encoders())
      .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.DEFAULT), CelExtensions.math(),
          CelExtensions.encoders())
      .build();

  private final String rule;
  private final Program program;
  private final String message;
  private final Program messageExpression;
  private final String fieldPath;
  private final FieldError.Type reason;
  private final boolean transition;

  private CelRule(String rule, Program program, String message, Program messageExpression, String fieldPath,
      FieldError.Type reason) {
    this.rule = rule;
    this.program = program;
    this.message = message;
    this.messageExpression = messageExpression;
    this.fieldPath = fieldPath;
    this.reason = reason;
    this.transition = OLD_SELF.matcher(rule).find();
  }

  /** Compiles an entry; throws IllegalArgumentException naming the schema location when it does not compile. */
  static CelRule compile(JsonNode entry, String location) {
    var rule = entry.path("rule").asText("");
    if (rule.isBlank()) {
      throw new IllegalArgumentException(location + ".x-kubernetes-validations: rule is required");
    }
    var message = entry.hasNonNull("message") ? entry.get("message").asText() : null;
    var expression = entry.hasNonNull("messageExpression") ? entry.get("messageExpression").asText() : null;
    var fieldPath = entry.hasNonNull("fieldPath") ? renderFieldPath(entry.get("fieldPath").asText(), location) : "";
    var reason = entry.hasNonNull("reason") ? reason(entry.get("reason").asText(), location) : FieldError.Type.FieldValueInvalid;
    return new CelRule(rule, program(rule, location), message,
        expression == null ? null : program(expression, location), fieldPath, reason);
  }

  /** True when the rule compares with {@code oldSelf} and so applies only to updates. */
  boolean isTransition() {
    return transition;
  }

  /**
   * Evaluates the rule against a value already converted by {@link CelValues}.
   *
   * @param self the value at the node
   * @param oldSelf the previous value at the node, or null when there is none (transition rules are then skipped)
   * @param path the field path of the node
   * @param typeName the value's OpenAPI type name, shown as the bad value as kube-apiserver does
   */
  Optional<FieldError> evaluate(Object self, Object oldSelf, String path, String typeName) {
    if (transition && oldSelf == null) {
      return Optional.empty();
    }
    var vars = new HashMap<String, Object>(4);
    vars.put("self", self);
    if (oldSelf != null) {
      vars.put("oldSelf", oldSelf);
    }
    Object result;
    try {
      result = program.eval(vars);
    } catch (CelEvaluationException | RuntimeException e) {
      return Optional.of(new FieldError(FieldError.Type.FieldValueInvalid, path,
          "Invalid value: \"" + typeName + "\": " + CelErrors.text(e) + " evaluating rule: " + rule));
    }
    if (Boolean.TRUE.equals(result)) {
      return Optional.empty();
    }
    if (!(result instanceof Boolean)) {
      return Optional.of(new FieldError(FieldError.Type.FieldValueInvalid, path,
          "Invalid value: \"" + typeName + "\": rule did not evaluate to a bool: " + rule));
    }
    var detail = detail(vars);
    var at = path.isEmpty() && fieldPath.startsWith(".") ? fieldPath.substring(1) : path + fieldPath;
    return Optional.of(switch (reason) {
      case FieldValueForbidden -> new FieldError(reason, at, "Forbidden: " + detail);
      case FieldValueRequired -> new FieldError(reason, at, "Required value: " + detail);
      case FieldValueDuplicate -> new FieldError(reason, at, "Duplicate value: \"" + typeName + "\"");
      default -> new FieldError(FieldError.Type.FieldValueInvalid, at, "Invalid value: \"" + typeName + "\": " + detail);
    });
  }

  private String detail(HashMap<String, Object> vars) {
    if (messageExpression != null) {
      try {
        if (messageExpression.eval(vars) instanceof String text && !text.isBlank() && !text.contains("\n")) {
          return text;
        }
      } catch (CelEvaluationException | RuntimeException e) {
        // kube-apiserver falls back to the static message when messageExpression fails
      }
    }
    return message != null && !message.isBlank() ? message : "failed rule: " + rule;
  }

  private static Program program(String expression, String location) {
    try {
      return CEL.createProgram(CEL.compile(expression).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(location + ".x-kubernetes-validations: cannot compile " + expression + ": "
          + e.getMessage(), e);
    }
  }


  private static FieldError.Type reason(String reason, String location) {
    return switch (reason) {
      case "FieldValueInvalid" -> FieldError.Type.FieldValueInvalid;
      case "FieldValueForbidden" -> FieldError.Type.FieldValueForbidden;
      case "FieldValueRequired" -> FieldError.Type.FieldValueRequired;
      case "FieldValueDuplicate" -> FieldError.Type.FieldValueDuplicate;
      default -> throw new IllegalArgumentException(location + ".x-kubernetes-validations: unsupported reason " + reason);
    };
  }

  /** Turns a rule's JSONPath-like fieldPath ({@code .a.b}, {@code ['key']}, {@code [0]}) into field-path syntax. */
  private static String renderFieldPath(String fieldPath, String location) {
    var out = new StringBuilder();
    int i = 0;
    while (i < fieldPath.length()) {
      char c = fieldPath.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < fieldPath.length() && fieldPath.charAt(end) != '.' && fieldPath.charAt(end) != '[') {
          end++;
        }
        out.append('.').append(fieldPath, i + 1, end);
        i = end;
      } else if (c == '[') {
        int end = fieldPath.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException(location + ".x-kubernetes-validations: bad fieldPath " + fieldPath);
        }
        var key = fieldPath.substring(i + 1, end).trim();
        if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"')) {
          key = key.substring(1, key.length() - 1);
        }
        out.append('[').append(key).append(']');
        i = end + 1;
      } else {
        throw new IllegalArgumentException(location + ".x-kubernetes-validations: fieldPath must start with . or [: "
            + fieldPath);
      }
    }
    return out.toString();
  }
}
