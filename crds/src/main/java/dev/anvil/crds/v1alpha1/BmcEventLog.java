package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** A summary of a BMC's event log: how many entries, and the latest few. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BmcEventLog {

  /** Most entries kept in `latest`. */
  public static final int MAX_LATEST = 5;

  @JsonPropertyDescription("Number of entries in the BMC's log.")
  private Integer entries;

  @JsonPropertyDescription("The newest entries, newest first, at most 5.")
  @Size(max = MAX_LATEST)
  private List<BmcLogEntry> latest = new ArrayList<>();

  public Integer getEntries() {
    return entries;
  }

  public void setEntries(Integer entries) {
    this.entries = entries;
  }

  public List<BmcLogEntry> getLatest() {
    return latest;
  }

  public void setLatest(List<BmcLogEntry> latest) {
    this.latest = latest;
  }
}
