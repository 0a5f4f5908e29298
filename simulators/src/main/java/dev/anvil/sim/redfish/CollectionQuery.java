package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.sim.redfish.Reply.Message;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters the simulated BMC implements on GET, and nothing more: collections come in pages of
 * {@value #PAGE_SIZE} with {@code @odata.nextLink}; {@code $skip}/{@code $top} only when advertised; and
 * {@code $expand=.} one level. Other {@code $} parameters answer 501, as a strict BMC does.
 */
final class CollectionQuery {

  static final int PAGE_SIZE = 50;
  private static final Set<String> EXPAND_FORMS = Set.of(".", ".($levels=1)");

  private final MockupTree tree;
  private final boolean topSkip;

  CollectionQuery(MockupTree tree, boolean topSkip) {
    this.tree = tree;
    this.topSkip = topSkip;
  }

  /** What the service root advertises in {@code ProtocolFeaturesSupported}: exactly what this class does. */
  void advertise(ObjectNode root) {
    var features = root.putObject("ProtocolFeaturesSupported");
    features.putObject("ExpandQuery").put("ExpandAll", false).put("Levels", true).put("MaxLevels", 1)
        .put("Links", false).put("NoLinks", true);
    features.put("SelectQuery", false).put("FilterQuery", false).put("OnlyMemberQuery", false)
        .put("ExcerptQuery", false).put("TopSkipQuery", topSkip);
  }

  Reply apply(ObjectNode resource, String rawQuery) {
    var params = parse(rawQuery);
    Integer skip = null;
    Integer top = null;
    var expand = false;
    for (var param : params.entrySet()) {
      var name = param.getKey();
      var value = param.getValue();
      var allowed = switch (name) {
        case "$skip", "$top" -> topSkip;
        case "$skiptoken" -> true;
        case "$expand" -> EXPAND_FORMS.contains(value);
        default -> !name.startsWith("$");
      };
      if (!allowed) {
        return Reply.error(501, new Message("QueryNotSupported", "Querying is not supported by the implementation."));
      }
      if (name.equals("$expand")) {
        expand = true;
      } else if (name.startsWith("$")) {
        var number = parseCount(value);
        if (number == null) {
          return Reply.error(400, new Message("QueryParameterOutOfRange", "The value " + value
              + " for the query parameter " + name + " is out of range 0-2147483647.", value, name, "0-2147483647"));
        }
        if (name.equals("$top")) {
          top = number;
        } else {
          skip = number;
        }
      }
    }
    var page = resource.path("Members").isArray() ? page(resource, skip == null ? 0 : skip, top) : resource;
    return Reply.ok(expand ? tree.expandedOneLevel(page) : page);
  }

  private static ObjectNode page(ObjectNode collection, int skip, Integer top) {
    var members = (ArrayNode) collection.get("Members");
    var total = members.size();
    var end = Math.min(total, skip + Math.min(top == null ? PAGE_SIZE : top, PAGE_SIZE));
    var page = collection.deepCopy();
    var served = page.putArray("Members");
    for (var i = skip; i < end; i++) {
      served.add(members.get(i));
    }
    page.put("Members@odata.count", total);
    page.remove("@odata.nextLink");
    var path = collection.path("@odata.id").asText();
    if (end < total && top == null) {
      page.put("@odata.nextLink", path + "?$skiptoken=" + end);
    } else if (end < total && top > end - skip) {
      page.put("@odata.nextLink", path + "?$skip=" + end + "&$top=" + (top - (end - skip)));
    }
    return page;
  }

  private static Integer parseCount(String value) {
    try {
      var number = Integer.parseInt(value);
      return number < 0 ? null : number;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> parse(String rawQuery) {
    var params = new LinkedHashMap<String, String>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (var pair : rawQuery.split("&")) {
      var eq = pair.indexOf('=');
      var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }
}
