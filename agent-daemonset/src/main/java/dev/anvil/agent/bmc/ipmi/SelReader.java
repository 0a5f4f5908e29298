package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot.EventLog;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads the System Event Log's size and newest entries without reading the whole log (IPMI 2.0 sections 31.2, 31.5).
 */
final class SelReader {

  private static final int GET_INFO = 0x40;
  private static final int GET_ENTRY = 0x43;
  private static final int FIRST = 0x0000;
  private static final int LAST = 0xffff;

  /** A record and the id of the one after it. */
  private record Entry(byte[] record, int nextId) {
  }

  private SelReader() {
  }

  /**
   * The entry count and up to {@code newest} entries, newest first. Get SEL Info gives the count and record FFFFh is
   * the last one; the ids below it are tried as long as each record's "next record id" proves it is the one just
   * before. A log with gaps in its ids is walked forward instead, keeping only the newest.
   */
  static EventLog read(IpmiSession session, int newest, IntFunction<String> sensorNames) throws BmcException {
    var info = session.call(IpmiRequest.of("Get SEL Info", IpmiRequest.NETFN_STORAGE, GET_INFO)).require(3);
    int count = (info[1] & 0xff) | (info[2] & 0xff) << 8;
    if (count == 0 || newest == 0) {
      return new EventLog(count, List.of());
    }
    var records = backwards(session, Math.min(newest, count));
    if (records == null) {
      records = forward(session, newest, count);
    }
    var latest = new ArrayList<LogEntry>();
    for (var record : records) {
      latest.add(SelRecord.toEntry(record, sensorNames));
    }
    return new EventLog(count, latest);
  }

  /** The wanted records newest first, or null when record FFFFh or consecutive ids below it are not there. */
  private static List<byte[]> backwards(IpmiSession session, int wanted) throws BmcException {
    var last = get(session, LAST);
    if (last == null) {
      return null;
    }
    var records = new ArrayList<byte[]>(List.of(last.record()));
    int id = SelRecord.id(last.record());
    while (records.size() < wanted) {
      var previous = id > FIRST ? get(session, id - 1) : null;
      if (previous == null || previous.nextId() != id) {
        return null;
      }
      records.add(previous.record());
      id = SelRecord.id(previous.record());
    }
    return records;
  }

  /**
   * Walks from the first record, keeping the newest; bounded by the count Get SEL Info gave (plus late arrivals) and
   * by never reading a record twice.
   */
  private static List<byte[]> forward(IpmiSession session, int wanted, int count) throws BmcException {
    var kept = new ArrayDeque<byte[]>();
    var visited = new HashSet<Integer>();
    int id = FIRST;
    for (int read = 0; id != LAST; read++) {
      if (read > count + 64) {
        throw new BmcException(Kind.PROTOCOL, "the BMC's SEL links more records than the " + count + " it reports");
      }
      if (!visited.add(id)) {
        throw new BmcException(Kind.PROTOCOL, "the BMC's SEL links its records in a loop (record " + id
            + " comes again)");
      }
      var entry = get(session, id);
      if (entry == null) {
        break;
      }
      kept.addFirst(entry.record());
      if (kept.size() > wanted) {
        kept.removeLast();
      }
      id = entry.nextId();
    }
    return new ArrayList<>(kept);
  }

  /** Get SEL Entry for a whole record, or null when the BMC has no record with that id. */
  private static Entry get(IpmiSession session, int id) throws BmcException {
    var answer = session.call(IpmiRequest.of("Get SEL Entry", IpmiRequest.NETFN_STORAGE, GET_ENTRY, 0, 0, id,
        id >> 8, 0, 0xff));
    if (answer.completionCode() == CompletionCode.NOT_PRESENT) {
      return null;
    }
    var data = answer.require(2 + SelRecord.LENGTH);
    return new Entry(Arrays.copyOfRange(data, 2, 2 + SelRecord.LENGTH), (data[0] & 0xff) | (data[1] & 0xff) << 8);
  }
}
