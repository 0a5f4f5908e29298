package dev.anvil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.anvil.protocol.agent.v1.AgentProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Holds anvil.agent.v1 to additive change: every field and enum value once released keeps its number,
 * type and cardinality ({@code agent-v1-wire.txt} is the record), and a new one is added to the record
 * in the same change, so a reviewer sees it.
 */
class WireCompatibilityTest {

  @Test
  void releasedFieldsKeepTheirNumbersAndTypes() throws IOException {
    var current = describe();
    Files.write(Path.of("target", "agent-v1-wire.current.txt"), current);
    var pinned = pinned();

    var changedOrRemoved = new LinkedHashSet<>(pinned);
    changedOrRemoved.removeAll(current);
    var unpinned = new LinkedHashSet<>(current);
    unpinned.removeAll(pinned);

    assertThat(changedOrRemoved)
        .as("v1 fields are never renumbered, retyped or removed; a new field gets a new number. "
            + "Current wire description:%n%s", String.join("\n", current))
        .isEmpty();
    assertThat(unpinned)
        .as("new fields: append these lines to src/test/resources/agent-v1-wire.txt "
            + "(target/agent-v1-wire.current.txt has the whole current description)")
        .isEmpty();
  }

  private static Set<String> pinned() throws IOException {
    try (InputStream in = WireCompatibilityTest.class.getResourceAsStream("/agent-v1-wire.txt")) {
      var lines = new LinkedHashSet<String>();
      for (var line : new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.strip());
        }
      }
      return lines;
    }
  }

  private static List<String> describe() {
    var lines = new ArrayList<String>();
    AgentProto.getDescriptor().getMessageTypes().forEach(m -> describe(m, lines));
    AgentProto.getDescriptor().getServices().forEach(s -> s.getMethods().forEach(m -> lines.add(
        "%s.%s(%s%s) returns (%s%s)".formatted(s.getFullName(), m.getName(),
            m.isClientStreaming() ? "stream " : "", m.getInputType().getFullName(),
            m.isServerStreaming() ? "stream " : "", m.getOutputType().getFullName()))));
    return lines;
  }

  private static void describe(Descriptor message, List<String> lines) {
    for (FieldDescriptor field : message.getFields()) {
      var type = field.isMapField()
          ? "<%s, %s>".formatted(typeName(field.getMessageType().findFieldByNumber(1)),
              typeName(field.getMessageType().findFieldByNumber(2)))
          : typeName(field);
      var cardinality = field.isMapField() ? "map" : field.isRepeated() ? "repeated"
          : field.getRealContainingOneof() != null ? "oneof " + field.getRealContainingOneof().getName()
          : field.toProto().getProto3Optional() ? "optional" : "singular";
      lines.add("%s.%s = %d %s %s".formatted(message.getFullName(), field.getName(), field.getNumber(), cardinality,
          type));
    }
    message.getEnumTypes().forEach(e -> describe(e, lines));
    message.getNestedTypes().stream().filter(n -> !n.getOptions().getMapEntry()).forEach(n -> describe(n, lines));
  }

  private static String typeName(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case MESSAGE -> field.getMessageType().getFullName();
      case ENUM -> field.getEnumType().getFullName();
      default -> field.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static void describe(EnumDescriptor enumType, List<String> lines) {
    enumType.getValues().forEach(v -> lines.add("%s.%s = %d".formatted(enumType.getFullName(), v.getName(),
        v.getNumber())));
  }
}
