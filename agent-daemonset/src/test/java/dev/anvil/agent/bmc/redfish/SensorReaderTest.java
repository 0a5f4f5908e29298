package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorReaderTest {

  private static final ServiceRoot PLAIN = new ServiceRoot("/s", "/c", "/m", null, false, false);
  private static final ServiceRoot EXPANDING = new ServiceRoot("/s", "/c", "/m", null, false, true);

  /** An older BMC: no Sensors collection, only Thermal and Power, with vendor quirks in them. */
  private static MapSource legacyChassis() {
    return new MapSource()
        .put("/c/1", "{\"Thermal\": {\"@odata.id\": \"/c/1/Thermal\"}, \"Power\": {\"@odata.id\": \"/c/1/Power\"}}")
        .put("/c/1/Thermal", """
            {"Temperatures": [
               {"Name": "Inlet", "ReadingCelsius": 21, "UpperThresholdNonCritical": 40, "UpperThresholdCritical": "45",
                "LowerThresholdCritical": null, "Status": {"Health": "OK"}, "Oem": {"Vendor": {"Zone": 1}}},
               {"MemberId": "7", "ReadingCelsius": null, "Status": {"State": "Absent"}}],
             "Fans": [
               {"FanName": "Fan1", "ReadingRPM": 5400, "LowerThresholdCritical": 600},
               {"Name": "Fan2", "Reading": 40, "ReadingUnits": "Percent", "Status": {"Health": "Degraded"}}]}
            """)
        .put("/c/1/Power", """
            {"Voltages": [{"Name": "12V", "ReadingVolts": 12.1, "UpperThresholdCritical": 13, "LowerThresholdCritical": 11}],
             "PowerControl": [{"Name": "System Input Power", "PowerConsumedWatts": 344, "Status": {"Health": "OK"}}],
             "PowerSupplies": [{"Name": "PSU1", "LastPowerOutputWatts": 300}]}
            """);
  }

  @Test
  void aChassisWithOnlyThermalAndPowerReportsTheirReadings() throws Exception {
    var sensors = SensorReader.read(List.of("/c/1"), PLAIN, legacyChassis());

    assertThat(sensors).containsExactly(
        new Sensor("Inlet", "Temperature", 21.0, "Cel", Health.OK, null, 40.0, 45.0),
        new Sensor("7", "Temperature", null, "Cel", null, null, null, null),
        new Sensor("Fan1", "Fan", 5400.0, "RPM", null, 600.0, null, null),
        new Sensor("Fan2", "Fan", 40.0, "%", null, null, null, null),
        new Sensor("12V", "Voltage", 12.1, "V", null, 11.0, null, 13.0),
        new Sensor("System Input Power", "Power", 344.0, "W", Health.OK, null, null, null));
  }

  private static MapSource sensorsCollection(boolean inline) {
    var temperature = """
        {"@odata.id": "/c/1/Sensors/T", "Name": "CPU Temp", "ReadingType": "Temperature", "Reading": 44,
         "ReadingUnits": "Cel", "Status": {"Health": "Warning"},
         "Thresholds": {"UpperCaution": {"Reading": 42}, "UpperCritical": {"Reading": 45},
                        "LowerCritical": {"Reading": "n/a"}}}
        """;
    var fan = """
        {"@odata.id": "/c/1/Sensors/F", "Id": "CPUFan1", "ReadingType": "Percent", "Reading": 45, "ReadingUnits": "%",
         "SpeedRPM": 1490}
        """;
    var members = inline ? temperature + "," + fan + ", {\"@odata.id\": \"/c/1/Sensors/Gone\"}"
        : "{\"@odata.id\": \"/c/1/Sensors/T\"}, {\"@odata.id\": \"/c/1/Sensors/Bad\"}, {\"@odata.id\": \"/c/1/Sensors/F\"}";
    return new MapSource()
        .put("/c/1", "{\"Sensors\": {\"@odata.id\": \"/c/1/Sensors\"}, \"Thermal\": {\"@odata.id\": \"/c/1/Thermal\"}}")
        .put(inline ? "/c/1/Sensors?$expand=.($levels=1)" : "/c/1/Sensors", "{\"Members\": [" + members + "]}")
        .put("/c/1/Sensors/T", temperature)
        .put("/c/1/Sensors/F", fan)
        .put("/c/1/Sensors/Bad", "{\"Name\": \"Broken\", ");
  }

  @Test
  void theSensorsCollectionWinsOverThermalAndBrokenMembersAreSkipped() throws Exception {
    var source = sensorsCollection(false);
    var sensors = SensorReader.read(List.of("/c/1"), PLAIN, source);

    assertThat(sensors).containsExactly(
        new Sensor("CPU Temp", "Temperature", 44.0, "Cel", Health.Warning, null, 42.0, 45.0),
        new Sensor("CPUFan1", "Fan", 45.0, "%", null, null, null, null));
    assertThat(source.reads).doesNotContain("/c/1/Thermal");
  }

  @Test
  void anExpandingServiceAnswersTheCollectionInOneRequest() throws Exception {
    var source = sensorsCollection(true);
    var sensors = SensorReader.read(List.of("/c/1"), EXPANDING, source);

    assertThat(sensors).extracting(Sensor::name).containsExactly("CPU Temp", "CPUFan1");
    assertThat(source.reads).containsExactly("/c/1", "/c/1/Sensors?$expand=.($levels=1)", "/c/1/Sensors/Gone");
  }

  @Test
  void anEmptySensorsCollectionFallsBackToThermal() throws Exception {
    var source = legacyChassis().put("/c/1", "{\"Sensors\": {\"@odata.id\": \"/c/1/Sensors\"}, "
        + "\"Thermal\": {\"@odata.id\": \"/c/1/Thermal\"}}").put("/c/1/Sensors", "{\"Members\": []}");

    assertThat(SensorReader.read(List.of("/c/1"), PLAIN, source)).hasSize(4);
  }

  @Test
  void aThousandSensorsAreCappedAndAMissingChassisIsSkipped() throws Exception {
    var members = new StringBuilder();
    for (var i = 0; i < 1000; i++) {
      members.append(i == 0 ? "" : ",").append("{\"Name\": \"S").append(i).append("\", \"Reading\": ").append(i)
          .append(", \"ReadingUnits\": \"W\"}");
    }
    var source = new MapSource().put("/c/2", "{\"Sensors\": {\"@odata.id\": \"/c/2/Sensors\"}}")
        .put("/c/2/Sensors", "{\"Members\": [" + members + "]}");

    var sensors = SensorReader.read(List.of("/c/gone", "/c/2"), PLAIN, source);

    assertThat(sensors).hasSize(SensorReader.MAX_SENSORS);
    assertThat(sensors.get(0).kind()).isEqualTo("Power");
  }

  @Test
  void everyChassisOfTheSystemIsRead() throws Exception {
    var source = legacyChassis().put("/c/2", "{\"Sensors\": {\"@odata.id\": \"/c/2/Sensors\"}}")
        .put("/c/2/Sensors", "{\"Members\": [{\"Name\": \"GPU Temp\", \"Reading\": 61, \"ReadingUnits\": \"Cel\"}]}");

    var sensors = SensorReader.read(List.of("/c/1", "/c/2"), PLAIN, source);

    assertThat(sensors).hasSize(7);
    assertThat(sensors.get(6)).isEqualTo(new Sensor("GPU Temp", "Temperature", 61.0, "Cel", null, null, null, null));
  }
}
