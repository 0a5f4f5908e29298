package dev.anvil.operator.workflow.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.operator.workflow.calls.ConditionExpression.FinishedNode;
import dev.anvil.operator.workflow.calls.ConditionOutcome.Failed;
import dev.anvil.operator.workflow.calls.ConditionOutcome.Reason;
import dev.anvil.operator.workflow.calls.ConditionOutcome.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionExpressionTest {

  private static final Map<String, String> PARAMS = Map.of("env", "staging", "replicas", "3");
  private static final Map<String, FinishedNode> NODES = Map.of(
      "probe", new FinishedNode("Succeeded", Map.of("statusCode", "200", "version", "1.4.2")),
      "build", new FinishedNode("Failed", null));

  private final ConditionExpression conditions = new ConditionExpression();

  @ParameterizedTest
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "nodes.probe.results.statusCode == '200' && params.env != 'prod'; true",
      "nodes.probe.results.statusCode == '200' && params.env == 'staging' && nodes.build.phase == 'Failed'; true",
      "nodes.build.phase == 'Succeeded'; false",
      "int(params.replicas) > 2; true",
      "nodes.probe.results.version.startsWith('1.'); true",
      "'version' in nodes.probe.results && !('x' in params); true",
      "has(nodes.build.results.statusCode) || nodes.all(n, nodes[n].phase != 'Running'); true",
      "nodes.exists(n, nodes[n].phase == 'Failed'); true",
  })
  void evaluatesOverParamsAndFinishedNodes(String expression, boolean expected) {
    assertThat(conditions.evaluate(expression, PARAMS, NODES)).isEqualTo(new Value(expected));
  }

  @Test
  void aMissingKeyFailsTheEvaluationNamingTheKey() {
    var outcome = conditions.evaluate("nodes.deploy.phase == 'Succeeded'", PARAMS, NODES);

    assertThat(outcome).isEqualTo(new Failed(Reason.EvaluationFailed,
        "expression 'nodes.deploy.phase == 'Succeeded'' failed: no such key: deploy"));
  }

  @Test
  void aDynamicNonBoolResultFailsTheEvaluation() {
    var outcome = conditions.evaluate("nodes.probe.results.statusCode", PARAMS, NODES);

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).reason()).isEqualTo(Reason.EvaluationFailed);
    assertThat(((Failed) outcome).message()).endsWith("returned String, not a bool");
  }

  @Test
  void aTypeMismatchAtRuntimeFailsTheEvaluation() {
    var outcome = conditions.evaluate("nodes.probe.results.statusCode > 100", PARAMS, NODES);

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).reason()).isEqualTo(Reason.EvaluationFailed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "params.env ==|does not compile: column",
      "params.env|returns string, not a bool",
      "size(params)|returns int, not a bool",
      "steps.probe == 'x'|undeclared reference to 'steps'",
      "params.env == 1|does not compile",
  })
  void expressionsThatCannotGiveABoolAreInvalidSpecs(String expression, String problem) {
    var outcome = conditions.evaluate(expression, PARAMS, NODES);

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(((Failed) outcome).message()).startsWith("expression '" + expression + "'").contains(problem);
    assertThat(conditions.compileError(expression)).hasValueSatisfying(error -> assertThat(error).contains(problem));
  }

  @Test
  void emptyExpressionIsAnInvalidSpec() {
    assertThat(conditions.evaluate(" ", PARAMS, NODES)).isEqualTo(new Failed(Reason.InvalidSpec,
        "the expression is empty"));
  }

  @Test
  void aValidExpressionHasNoCompileError() {
    assertThat(conditions.compileError("params.env != 'prod'")).isEmpty();
  }

  @Test
  void endlessComprehensionsAreCut() {
    var outcome = conditions.evaluate("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, "
        + "[1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))", PARAMS, NODES);

    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).reason()).isEqualTo(Reason.EvaluationFailed);
  }

  @Test
  void theCacheIsBoundedAndStillEvaluatesEvictedExpressions() {
    var small = new ConditionExpression(2);
    for (int i = 0; i < 5; i++) {
      assertThat(small.evaluate("params.replicas == '" + i + "'", PARAMS, NODES)).isEqualTo(new Value(i == 3));
    }
    assertThat(small.evaluate("params.replicas == '0'", PARAMS, NODES)).isEqualTo(new Value(false));
  }
}
