package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads a spec; when its JSON does not fit the Java type, returns an empty spec marked {@link TolerantSpec#unreadable() unreadable} with the
 * offending field, instead of throwing. One malformed object must not make a whole informer list fail.
 */
public abstract class TolerantSpecReader<T extends TolerantSpec> extends StdDeserializer<T> {

  private final Class<T> type;

  protected TolerantSpecReader(Class<T> type) {
    super(type);
    this.type = type;
  }

  @Override
  public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonNode tree = parser.readValueAsTree();
    try {
      return context.readTreeAsValue(tree, type);
    } catch (JsonMappingException e) {
      var spec = newInstance();
      spec.markUnreadable(path(e) + ": " + e.getOriginalMessage());
      return spec;
    }
  }

  private static String path(JsonMappingException e) {
    var path = new StringBuilder("spec");
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private T newInstance() {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " needs a public no-argument constructor", e);
    }
  }
}
