package dev.anvil.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every field of the API types explains itself: the descriptions are what kubectl explain prints. */
class ApiDescriptionsTest {

  @Test
  void everyFieldReachableFromTheFourKindsHasADescription() {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(JobSpec.class, JobStatus.class, PipelineSpec.class,
        PipelineStatus.class, WorkflowSpec.class, WorkflowStatus.class, BmcHostSpec.class, BmcHostStatus.class));
    List<String> undocumented = new ArrayList<>();
    while (!todo.isEmpty()) {
      Class<?> type = todo.pop();
      if (!type.getPackageName().equals(Job.class.getPackageName()) || type.isEnum() || !seen.add(type)) {
        continue;
      }
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        JsonPropertyDescription description = field.getAnnotation(JsonPropertyDescription.class);
        if (description == null || description.value().isBlank()) {
          undocumented.add(type.getSimpleName() + "." + field.getName());
        }
        todo.push(field.getType());
        addTypeArguments(field.getGenericType(), todo);
      }
    }
    assertThat(seen).hasSizeGreaterThan(40);
    assertThat(undocumented).isEmpty();
  }

  private static void addTypeArguments(Type type, Deque<Class<?>> todo) {
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        if (argument instanceof Class<?> c) {
          todo.push(c);
        }
      }
    }
  }
}
