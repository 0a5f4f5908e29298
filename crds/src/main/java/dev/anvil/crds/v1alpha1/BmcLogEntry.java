package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One entry of a BMC's event log (Redfish LogEntry or IPMI SEL record). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BmcLogEntry {

  @JsonPropertyDescription("Entry id in the BMC's log.")
  private String id;

  @JsonPropertyDescription("When the BMC recorded it (RFC 3339, as the BMC's clock says).")
  private String created;

  @JsonPropertyDescription("OK, Warning or Critical.")
  private Health severity;

  @JsonPropertyDescription("The entry's message, truncated to 256 characters.")
  private String message;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getCreated() {
    return created;
  }

  public void setCreated(String created) {
    this.created = created;
  }

  public Health getSeverity() {
    return severity;
  }

  public void setSeverity(Health severity) {
    this.severity = severity;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
