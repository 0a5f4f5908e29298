package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import dev.anvil.crds.v1alpha1.Workflow;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Workflow's child Jobs and Pipelines, by name, and how new ones are labelled and owned. */
public final class WorkflowChildren {

  public static final String WORKFLOW_UID_LABEL = "anvil.dev/workflow-uid";
  public static final String NODE_LABEL = "anvil.dev/workflow-node";
  /** Name of the Workflow (when it fits a label value). */
  public static final String WORKFLOW_LABEL = "anvil.dev/workflow";
  /** Set on a child Job the Workflow stopped; the value says why. */
  public static final String STOPPED_ANNOTATION = "anvil.dev/stopped-by-workflow";

  private final Map<String, HasMetadata> byName = new HashMap<>();

  WorkflowChildren(Collection<Job> jobs, Collection<Pipeline> pipelines) {
    jobs.forEach(j -> byName.put(j.getMetadata().getName(), j));
    pipelines.forEach(p -> byName.put(p.getMetadata().getName(), p));
  }

  public Job job(String name) {
    return byName.get(name) instanceof Job job ? job : null;
  }

  public Pipeline pipeline(String name) {
    return byName.get(name) instanceof Pipeline pipeline ? pipeline : null;
  }

  /** Metadata of a new child {@code name} of {@code workflow} for {@code node}. */
  public static ObjectMeta metadata(Workflow workflow, String node, String name) {
    var meta = workflow.getMetadata();
    var labels = new LinkedHashMap<String, String>();
    if (meta.getName().length() <= 63) {
      labels.put(WORKFLOW_LABEL, meta.getName());
    }
    labels.put(WORKFLOW_UID_LABEL, meta.getUid());
    labels.put(NODE_LABEL, node);
    return new ObjectMetaBuilder().withName(name).withNamespace(meta.getNamespace()).withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(workflow.getApiVersion())
            .withKind(workflow.getKind()).withName(meta.getName()).withUid(meta.getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .build();
  }
}
