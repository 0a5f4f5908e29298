package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One server's BMC, managed over Redfish or IPMI: desired power and boot, observed inventory, health and sensors. */
@Group(Job.GROUP)
@Version(Job.VERSION)
@Kind("BmcHost")
@Plural("bmchosts")
@Singular("bmchost")
@ShortNames({"bmc", "bmch"})
@Categories("anvil")
@AdditionalPrinterColumn(name = "Power", jsonPath = ".status.powerState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.health", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Datacenter", jsonPath = ".spec.datacenter", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Agent", jsonPath = ".status.agent", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".status.inventory.model", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class BmcHost extends CustomResource<BmcHostSpec, BmcHostStatus> implements Namespaced {

  /**
   * One-shot power action: the value is a PowerAction name, optionally followed by {@code /} and anything that makes
   * it a new request (e.g. {@code ForceRestart/2026-11-23T10:00}); each distinct value is carried out once.
   */
  public static final String POWER_ACTION_ANNOTATION = "anvil.dev/power-action";

  /**
   * One-shot boot override: {@code <target>[,<enabled>][,<mode>]}, optionally followed by {@code /} and anything that
   * makes it a new request (e.g. {@code Pxe,Once,UEFI/reinstall-7}); each distinct value is applied once. Unlike
   * spec.bootOverride it leaves the spec alone, so a controller (a Workflow) can ask for it on a GitOps-managed host.
   */
  public static final String BOOT_OVERRIDE_ANNOTATION = "anvil.dev/boot-override";

  @Override
  @JsonDeserialize(using = BmcHostSpec.Reader.class)
  public void setSpec(BmcHostSpec spec) {
    super.setSpec(spec);
  }
}
