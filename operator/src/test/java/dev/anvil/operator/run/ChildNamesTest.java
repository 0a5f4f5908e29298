package dev.anvil.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildNamesTest {

  @Test
  void shortNamesAreParentDashStep() {
    assertThat(ChildNames.of("release-1-4", "build")).isEqualTo("release-1-4-build");
  }

  @Test
  void longNamesAreShortenedDeterministicallyAndStayDistinct() {
    var parent = "p".repeat(200);
    var a = ChildNames.of(parent, "build");
    assertThat(a).hasSizeLessThanOrEqualTo(ChildNames.MAX).endsWith("-build").isEqualTo(ChildNames.of(parent, "build"));
    assertThat(ChildNames.of(parent + "x", "build")).isNotEqualTo(a);
    assertThat(ChildNames.of(parent, "t".repeat(63))).hasSizeLessThanOrEqualTo(ChildNames.MAX);
  }
}
