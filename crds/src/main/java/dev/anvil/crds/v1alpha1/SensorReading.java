package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One sensor's latest reading and thresholds; the full series is in the agent's metrics. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SensorReading {

  @JsonPropertyDescription("Sensor name as the BMC reports it, e.g. CPU1 Temp or Fan 3.")
  private String name;

  @JsonPropertyDescription("Kind of quantity: Temperature, Fan, Voltage, Power, Current or Other.")
  private String kind;

  @JsonPropertyDescription("Latest reading, converted to units.")
  private Double reading;

  @JsonPropertyDescription("Units of reading and thresholds, e.g. Cel, RPM, V, W, A.")
  private String units;

  @JsonPropertyDescription("OK, Warning (past a caution threshold) or Critical (past a critical threshold).")
  private Health status;

  @JsonPropertyDescription("Lower critical threshold, when the BMC reports one.")
  private Double lowerCritical;

  @JsonPropertyDescription("Upper caution threshold, when the BMC reports one.")
  private Double upperCaution;

  @JsonPropertyDescription("Upper critical threshold, when the BMC reports one.")
  private Double upperCritical;

  public SensorReading() {
  }

  public SensorReading(String name, Double reading, String units, Health status) {
    this.name = name;
    this.reading = reading;
    this.units = units;
    this.status = status;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public Double getReading() {
    return reading;
  }

  public void setReading(Double reading) {
    this.reading = reading;
  }

  public String getUnits() {
    return units;
  }

  public void setUnits(String units) {
    this.units = units;
  }

  public Health getStatus() {
    return status;
  }

  public void setStatus(Health status) {
    this.status = status;
  }

  public Double getLowerCritical() {
    return lowerCritical;
  }

  public void setLowerCritical(Double lowerCritical) {
    this.lowerCritical = lowerCritical;
  }

  public Double getUpperCaution() {
    return upperCaution;
  }

  public void setUpperCaution(Double upperCaution) {
    this.upperCaution = upperCaution;
  }

  public Double getUpperCritical() {
    return upperCritical;
  }

  public void setUpperCritical(Double upperCritical) {
    this.upperCritical = upperCritical;
  }
}
