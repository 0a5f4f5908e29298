package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A graph of typed nodes (job, pipeline, bmc, http, delay, approval, condition), optionally run on a schedule. */
@Group(Job.GROUP)
@Version(Job.VERSION)
@Kind("Workflow")
@Plural("workflows")
@Singular("workflow")
@ShortNames("awf")
@Categories("anvil")
@SchemaSwap(originalType = JobSpec.class, fieldName = "template", targetType = EmbeddedPodTemplate.class)
@SchemaSwap(originalType = PipelineTask.class, fieldName = "job", targetType = EmbeddedJobSpec.class)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Succeeded", jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule.cron", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Last Schedule", jsonPath = ".status.schedule.lastScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Workflow extends CustomResource<WorkflowSpec, WorkflowStatus> implements Namespaced {

  /**
   * Prefix of the annotation that answers an approval node: {@code approve.anvil.dev/<node>} = {@code approved}, or
   * {@code rejected} / {@code rejected: <why>}.
   */
  public static final String APPROVAL_ANNOTATION_PREFIX = "approve.anvil.dev/";

  /** The annotation that asks for a replay of dead-lettered nodes; its value is a {@link ReplayRequest}. */
  public static final String REPLAY_ANNOTATION = "anvil.dev/replay";

  @Override
  @JsonDeserialize(using = WorkflowSpec.Reader.class)
  public void setSpec(WorkflowSpec spec) {
    super.setSpec(spec);
  }
}
