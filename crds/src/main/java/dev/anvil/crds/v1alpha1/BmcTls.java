package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How the agent verifies a Redfish BMC's HTTPS certificate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.caSecretRef) && has(self.insecureSkipVerify) && self.insecureSkipVerify)",
    message = "set tls.caSecretRef or tls.insecureSkipVerify, not both")
public class BmcTls {

  @JsonPropertyDescription("Secret with the CA bundle the BMC's certificate must chain to. Without it (and without "
      + "insecureSkipVerify) the agent's system trust store is used.")
  private CaBundleRef caSecretRef;

  @JsonPropertyDescription("Accept any certificate. Only for lab BMCs with self-signed certificates: the connection "
      + "is encrypted but not authenticated, so credentials can be intercepted.")
  private Boolean insecureSkipVerify;

  public CaBundleRef getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(CaBundleRef caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  public Boolean getInsecureSkipVerify() {
    return insecureSkipVerify;
  }

  public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
    this.insecureSkipVerify = insecureSkipVerify;
  }
}
