package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import java.util.ArrayList;
import java.util.List;

/** Reads the BMC's own analog sensors with their thresholds (IPMI 2.0 sections 35.9 and 35.14). */
final class SensorReader {

  /** A sensor to poll, with its thresholds in its units (null when the BMC reports none). */
  record Described(SensorRecord record, Double lowerCritical, Double upperCaution, Double upperCritical) {
  }

  private static final int BMC_OWNER = IpmiMessage.BMC_ADDRESS;
  private static final int GET_THRESHOLDS = 0x27;
  private static final int GET_READING = 0x2d;
  private static final int LOWER_CRITICAL = 1;
  private static final int UPPER_NON_CRITICAL = 3;
  private static final int UPPER_CRITICAL = 4;
  /** Threshold status bits: critical or non-recoverable, either side. */
  private static final int CRITICAL_BITS = 0b110110;
  private static final int NON_CRITICAL_BITS = 0b001001;

  private SensorReader() {
  }

  /**
   * The pollable sensors among the SDRs, with their thresholds (asked once per SDR snapshot). Discrete sensors and
   * sensors owned by other controllers (they need IPMB bridging) are left out.
   */
  static List<Described> describe(IpmiSession session, List<byte[]> sdrs) throws BmcException {
    var sensors = new ArrayList<Described>();
    for (var sdr : sdrs) {
      var record = SensorRecord.parse(sdr);
      if (record == null || record.ownerId() != BMC_OWNER || record.converter().analogFormat() == 3) {
        continue;
      }
      var raw = thresholds(session, record);
      sensors.add(new Described(record, raw[LOWER_CRITICAL], raw[UPPER_NON_CRITICAL], raw[UPPER_CRITICAL]));
    }
    return sensors;
  }

  /** One reading; a sensor that is not present, not scanning or unavailable reads as null with no status. */
  static Sensor read(IpmiSession session, Described sensor) throws BmcException {
    var record = sensor.record();
    var answer = session.call(IpmiRequest.of("Get Sensor Reading", IpmiRequest.NETFN_SENSOR, GET_READING,
        record.sensorNumber()).onLun(record.lun()));
    Double value = null;
    Health status = null;
    if (answer.completionCode() != CompletionCode.NOT_PRESENT) {
      var data = answer.require(2);
      boolean scanning = (data[1] & 0x40) != 0;
      boolean unavailable = (data[1] & 0x20) != 0;
      if (scanning && !unavailable) {
        value = record.converter().toUnits(data[0] & 0xff);
        int bits = data.length > 2 && record.eventReadingType() == SensorRecord.THRESHOLD_EVENT_READING_TYPE
            ? data[2] & 0x3f : 0;
        status = (bits & CRITICAL_BITS) != 0 ? Health.Critical
            : (bits & NON_CRITICAL_BITS) != 0 ? Health.Warning : Health.OK;
      }
    }
    return new Sensor(record.name(), SensorUnits.kind(record), value, SensorUnits.units(record), status,
        sensor.lowerCritical(), sensor.upperCaution(), sensor.upperCritical());
  }

  /** The six thresholds in units (null where not readable), indexed as the threshold mask bits. */
  private static Double[] thresholds(IpmiSession session, SensorRecord record) throws BmcException {
    var values = new Double[6];
    int mask;
    int[] raw;
    // access 0 means "no thresholds", but some SDRs leave it unset while Get Sensor Thresholds answers (ipmitool
    // asks regardless), so threshold sensors are asked unless the SDR says its own values are the fixed ones
    if (record.thresholdAccess() != 3 && (record.thresholdAccess() != 0
        || record.eventReadingType() == SensorRecord.THRESHOLD_EVENT_READING_TYPE)) {
      var answer = session.call(IpmiRequest.of("Get Sensor Thresholds", IpmiRequest.NETFN_SENSOR, GET_THRESHOLDS,
          record.sensorNumber()).onLun(record.lun()));
      if (answer.completionCode() != CompletionCode.OK) {
        return values;
      }
      var data = answer.require(7);
      mask = data[0] & 0x3f;
      raw = new int[6];
      for (int i = 0; i < 6; i++) {
        raw[i] = data[i + 1] & 0xff;
      }
    } else if (record.thresholdAccess() == 3) {
      mask = record.readableThresholds();
      raw = record.sdrThresholds();
    } else {
      return values;
    }
    for (int i = 0; i < 6; i++) {
      if ((mask & 1 << i) != 0) {
        values[i] = record.converter().toUnits(raw[i]);
      }
    }
    return values;
  }
}
