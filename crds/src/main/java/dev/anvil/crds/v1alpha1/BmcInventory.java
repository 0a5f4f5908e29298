package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the server is, as reported by its BMC (Redfish ComputerSystem/Manager, IPMI FRU and device id). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BmcInventory {

  @JsonPropertyDescription("Vendor, e.g. Dell Inc.")
  private String manufacturer;

  @JsonPropertyDescription("Model, e.g. PowerEdge R640.")
  private String model;

  @JsonPropertyDescription("Serial number (service tag).")
  private String serialNumber;

  @JsonPropertyDescription("System UUID, when the BMC reports one.")
  private String uuid;

  @JsonPropertyDescription("BIOS/UEFI firmware version.")
  private String biosVersion;

  @JsonPropertyDescription("BMC firmware version.")
  private String bmcFirmware;

  @JsonPropertyDescription("Number of CPU sockets populated.")
  private Integer cpus;

  @JsonPropertyDescription("Installed memory in GiB.")
  private Integer memoryGiB;

  public String getManufacturer() {
    return manufacturer;
  }

  public void setManufacturer(String manufacturer) {
    this.manufacturer = manufacturer;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public String getUuid() {
    return uuid;
  }

  public void setUuid(String uuid) {
    this.uuid = uuid;
  }

  public String getBiosVersion() {
    return biosVersion;
  }

  public void setBiosVersion(String biosVersion) {
    this.biosVersion = biosVersion;
  }

  public String getBmcFirmware() {
    return bmcFirmware;
  }

  public void setBmcFirmware(String bmcFirmware) {
    this.bmcFirmware = bmcFirmware;
  }

  public Integer getCpus() {
    return cpus;
  }

  public void setCpus(Integer cpus) {
    this.cpus = cpus;
  }

  public Integer getMemoryGiB() {
    return memoryGiB;
  }

  public void setMemoryGiB(Integer memoryGiB) {
    this.memoryGiB = memoryGiB;
  }
}
