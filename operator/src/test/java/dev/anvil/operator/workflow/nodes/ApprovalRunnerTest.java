package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.TestAttempts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalRunnerTest {

  private final ApprovalRunner runner = new ApprovalRunner();

  private NodeStep step(String question, String answer) {
    var node = new WorkflowNode("go-live");
    var approval = new ApprovalNode();
    approval.setMessage(question);
    node.setApproval(approval);
    var workflow = TestAttempts.workflow(node);
    if (answer != null) {
      workflow.getMetadata().setAnnotations(new HashMap<>(Map.of(Workflow.APPROVAL_ANNOTATION_PREFIX + "go-live", answer,
          Workflow.APPROVAL_ANNOTATION_PREFIX + "other", "approved")));
    }
    return runner.step(TestAttempts.attempt(workflow, node, null, Instant.EPOCH));
  }

  @Test
  void approved() {
    assertThat(step(null, "approved")).isEqualTo(new NodeStep.Succeeded(Map.of("approved", "true")));
    assertThat(step(null, " Approved ")).isEqualTo(new NodeStep.Succeeded(Map.of("approved", "true")));
  }

  @Test
  void rejectedWithAndWithoutAReason() {
    assertThat(step(null, "rejected: the change window is closed"))
        .isEqualTo(new NodeStep.Failed("Rejected", "rejected: the change window is closed", false));
    assertThat(step(null, "Rejected")).isEqualTo(new NodeStep.Failed("Rejected", "rejected", false));
  }

  @Test
  void waitsWithTheQuestionAndHowToAnswer() {
    assertThat(step("Deploy to prod?", null)).isEqualTo(new NodeStep.Waiting("waiting for approval (Deploy to prod?): "
        + "kubectl annotate workflow wf approve.anvil.dev/go-live=approved", null));
    assertThat(step(null, null)).isEqualTo(new NodeStep.Waiting("waiting for approval: kubectl annotate workflow wf "
        + "approve.anvil.dev/go-live=approved", null));
  }

  @Test
  void anotherAnswerOrAnotherNodesApprovalKeepsItWaiting() {
    assertThat(step(null, "maybe")).isInstanceOf(NodeStep.Waiting.class);
  }
}
