package dev.anvil.operator.run;

import dev.anvil.crds.v1alpha1.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of a Pipeline's or Workflow's params: their defaults, since the object itself is the run. */
public final class ParamValues {

  private ParamValues() {
  }

  /** Param values by name; duplicates and params without a value are added to {@code problems}. */
  public static Map<String, String> read(List<Param> declared, List<String> problems) {
    var values = new LinkedHashMap<String, String>();
    for (var param : declared == null ? List.<Param>of() : declared) {
      if (values.containsKey(param.getName())) {
        problems.add("duplicate param " + param.getName());
      } else if (param.getDefaultValue() == null) {
        problems.add("param " + param.getName() + " has no value: give it a default");
      } else {
        values.put(param.getName(), param.getDefaultValue());
      }
    }
    return values;
  }

  /** Checks a {@code $(params.x)} reference; returns false (and adds a problem) when x is not a param. */
  public static boolean check(String reference, Map<String, String> values, String where, List<String> problems) {
    if (values.containsKey(reference.substring("params.".length()))) {
      return true;
    }
    problems.add(where + " references unknown param $(" + reference + ")");
    return false;
  }
}
