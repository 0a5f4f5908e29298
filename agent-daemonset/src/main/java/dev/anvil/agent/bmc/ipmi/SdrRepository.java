package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads the BMC's Sensor Data Record repository (IPMI 2.0 sections 33.9-33.12): a reservation, then each record's
 * 5-byte header and its body in partial reads, halving the read size when the BMC cannot return that many bytes
 * and reserving again when another client cancels the reservation.
 */
final class SdrRepository {

  /** When the repository last changed: a different stamp means the records must be read again. */
  record Stamp(int records, long lastAddition, long lastErase) {
  }

  private static final int GET_INFO = 0x20;
  private static final int RESERVE = 0x22;
  private static final int GET_SDR = 0x23;
  private static final int HEADER = 5;
  private static final int LAST_RECORD = 0xffff;
  private static final int FIRST_READ_SIZE = 64;
  private static final int MIN_READ_SIZE = 4;
  private static final int MAX_RESERVATIONS = 5;
  /** Completion codes with which BMCs say a partial read asked for too many bytes. */
  private static final Set<Integer> TOO_MANY_BYTES = Set.of(CompletionCode.CANNOT_RETURN_REQUESTED_BYTES,
      CompletionCode.REQUEST_DATA_LENGTH_INVALID, CompletionCode.REQUEST_DATA_TOO_LONG, CompletionCode.UNSPECIFIED);

  private final IpmiSession session;
  private int reservation;
  private int reservations;
  private int readSize = FIRST_READ_SIZE;

  private SdrRepository(IpmiSession session) {
    this.session = session;
  }

  /** The repository's record count and change timestamps (Get SDR Repository Info). */
  static Stamp stamp(IpmiSession session) throws BmcException {
    var data = session.call(IpmiRequest.of("Get SDR Repository Info", IpmiRequest.NETFN_STORAGE, GET_INFO))
        .require(13);
    var buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    return new Stamp(buf.getShort(1) & 0xffff, buf.getInt(5) & 0xffffffffL, buf.getInt(9) & 0xffffffffL);
  }

  /** Every record, header included, in repository order. */
  static List<byte[]> readAll(IpmiSession session) throws BmcException {
    return new SdrRepository(session).walk();
  }

  private List<byte[]> walk() throws BmcException {
    reserve();
    var records = new ArrayList<byte[]>();
    int id = 0;
    while (id != LAST_RECORD) {
      if (records.size() > LAST_RECORD) {
        throw new BmcException(Kind.PROTOCOL, "the BMC's SDR repository links its records in a loop");
      }
      var header = read(id, 0, HEADER, HEADER);
      int nextId = (header[0] & 0xff) | (header[1] & 0xff) << 8;
      var record = Arrays.copyOf(Arrays.copyOfRange(header, 2, 2 + HEADER), HEADER + (header[6] & 0xff));
      int offset = HEADER;
      while (offset < record.length) {
        var part = read(id, offset, Math.min(readSize, record.length - offset), 1);
        int got = Math.min(part.length - 2, record.length - offset);
        if (got <= 0) {
          throw new BmcException(Kind.PROTOCOL, "the BMC returned no bytes of SDR record " + id);
        }
        System.arraycopy(part, 2, record, offset, got);
        offset += got;
      }
      records.add(record);
      id = nextId;
    }
    return records;
  }

  /** Get SDR at an offset: the next record id (2 bytes) followed by at least minimum bytes read. */
  private byte[] read(int id, int offset, int count, int minimum) throws BmcException {
    while (true) {
      var answer = session.call(IpmiRequest.of("Get SDR", IpmiRequest.NETFN_STORAGE, GET_SDR, reservation,
          reservation >> 8, id, id >> 8, offset, count));
      int code = answer.completionCode();
      if (code == CompletionCode.RESERVATION_CANCELLED) {
        reserve();
      } else if (TOO_MANY_BYTES.contains(code) && offset > 0 && count > MIN_READ_SIZE) {
        readSize = count / 2;
        count = readSize;
      } else {
        return answer.require(2 + minimum);
      }
    }
  }

  private void reserve() throws BmcException {
    if (++reservations > MAX_RESERVATIONS) {
      throw new BmcException(Kind.REJECTED, "the BMC's SDR reservation was cancelled " + MAX_RESERVATIONS
          + " times while reading it (another client is changing the repository)");
    }
    var data = session.call(IpmiRequest.of("Reserve SDR Repository", IpmiRequest.NETFN_STORAGE, RESERVE)).require(2);
    reservation = (data[0] & 0xff) | (data[1] & 0xff) << 8;
  }
}
