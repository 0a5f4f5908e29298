package dev.anvil.operator.bmc;

import dev.anvil.crds.v1alpha1.BmcHostSpec;
import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * Re-checks what the CRD schema says about a BmcHost spec, since an API server that does not validate (the embedded
 * one) lets anything through: the problems, named by field, or null when the spec is usable.
 */
final class BmcHostValidation {

  private static final Pattern ADDRESS = Pattern.compile(BmcHostSpec.ADDRESS_PATTERN);
  private static final Pattern DNS_LABELS = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");

  private BmcHostValidation() {
  }

  static String problem(BmcHostSpec spec) {
    if (spec == null) {
      return "spec is missing";
    }
    var problems = new ArrayList<String>();
    if (spec.unreadable() != null) {
      problems.add(spec.unreadable());
    }
    if (spec.getAddress() == null || !ADDRESS.matcher(spec.getAddress()).matches()) {
      problems.add("spec.address: " + (spec.getAddress() == null ? "required" : "'" + spec.getAddress()
          + "' is not redfish+https://host[:port][/path], redfish://..., redfish+http://... or ipmi://host[:port]"));
    }
    if (spec.getCredentialsSecretRef() == null || spec.getCredentialsSecretRef().getName() == null
        || !DNS_LABELS.matcher(spec.getCredentialsSecretRef().getName()).matches()) {
      problems.add("spec.credentialsSecretRef.name: required, the name of a Secret with keys username and password");
    }
    if (spec.getDatacenter() == null || !DNS_LABELS.matcher(spec.getDatacenter()).matches()) {
      problems.add("spec.datacenter: required, a lower-case name such as dc-a");
    }
    var address = spec.getAddress() == null ? "" : spec.getAddress();
    if (spec.getIpmi() != null && !address.startsWith("ipmi://")) {
      problems.add("spec.ipmi: applies to ipmi:// addresses only");
    }
    if (spec.getTls() != null && (address.startsWith("ipmi://") || address.startsWith("redfish+http://"))) {
      problems.add("spec.tls: applies to HTTPS addresses only (redfish:// or redfish+https://)");
    }
    if (spec.getTls() != null && spec.getTls().getCaSecretRef() != null
        && Boolean.TRUE.equals(spec.getTls().getInsecureSkipVerify())) {
      problems.add("spec.tls: set caSecretRef or insecureSkipVerify, not both");
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
