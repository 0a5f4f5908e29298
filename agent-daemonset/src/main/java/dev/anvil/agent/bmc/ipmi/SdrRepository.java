package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Reads every record of the BMC's Sensor Data Record repository (IPMI 2.0 sections 33.9-33.12). */
final class SdrRepository {

  /** When the repository last changed: a different stamp means the records must be read again. */
  record Stamp(int records, long lastAddition, long lastErase) {
  }

  private static final int GET_INFO = 0x20;
  private static final int RESERVE = 0x22;
  private static final int GET_SDR = 0x23;
  private static final int HEADER = 5;
  private static final int WHOLE_RECORD = 0xff;
  private static final int LAST_RECORD = 0xffff;
  private static final int FIRST_PART_SIZE = 32;
  private static final int MIN_PART_SIZE = 4;
  private static final int RESERVATIONS_PER_RECORD = 10;
  /** Completion codes with which BMCs say a read asked for too many bytes. */
  private static final Set<Integer> TOO_MANY_BYTES = Set.of(CompletionCode.CANNOT_RETURN_REQUESTED_BYTES,
      CompletionCode.REQUEST_DATA_LENGTH_INVALID, CompletionCode.REQUEST_DATA_TOO_LONG, CompletionCode.UNSPECIFIED);

  private final IpmiSession session;
  private boolean wholeRecords;
  private int reservation = -1;
  private int partSize = FIRST_PART_SIZE;

  private SdrRepository(IpmiSession session, boolean wholeRecords) {
    this.session = session;
    this.wholeRecords = wholeRecords;
  }

  /** The repository's record count and change timestamps (Get SDR Repository Info). */
  static Stamp stamp(IpmiSession session) throws BmcException {
    var data = session.call(IpmiRequest.of("Get SDR Repository Info", IpmiRequest.NETFN_STORAGE, GET_INFO))
        .require(13);
    var buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    return new Stamp(buf.getShort(1) & 0xffff, buf.getInt(5) & 0xffffffffL, buf.getInt(9) & 0xffffffffL);
  }

  /**
   * Every record, header included, in repository order. Each record is first asked for whole (count FFh at offset
   * 0, which needs no reservation, so parallel readers do not cancel each other's); once the BMC cannot return a
   * whole record (ipmi_sim cannot), the rest of the walk uses partial reads.
   */
  static List<byte[]> readAll(IpmiSession session) throws BmcException {
    return new SdrRepository(session, true).walk();
  }

  /** As {@link #readAll} but only in partial reads, as for a BMC that cannot return a whole record. */
  static List<byte[]> readAllInParts(IpmiSession session) throws BmcException {
    return new SdrRepository(session, false).walk();
  }

  private List<byte[]> walk() throws BmcException {
    var records = new ArrayList<byte[]>();
    var visited = new HashSet<Integer>();
    int id = 0;
    while (id != LAST_RECORD) {
      // a record naming one already read as the next would have the walk go round for ever
      if (!visited.add(id)) {
        throw new BmcException(Kind.PROTOCOL, "the BMC's SDR repository links its records in a loop (record " + id
            + " comes again)");
      }
      var answer = wholeRecords ? whole(id) : null;
      if (answer == null) {
        wholeRecords = false;
        answer = inParts(id);
      }
      records.add(Arrays.copyOfRange(answer, 2, answer.length));
      id = (answer[0] & 0xff) | (answer[1] & 0xff) << 8;
    }
    return records;
  }

  /** Next record id and the whole record, or null when the BMC cannot return it in one piece. */
  private byte[] whole(int id) throws BmcException {
    var answer = session.call(getSdr(0, id, 0, WHOLE_RECORD));
    if (TOO_MANY_BYTES.contains(answer.completionCode())) {
      return null;
    }
    var data = answer.require(2 + HEADER);
    int length = HEADER + (data[6] & 0xff);
    if (data.length < 2 + length) {
      throw new BmcException(Kind.PROTOCOL, "the BMC returned " + (data.length - 2) + " of the " + length
          + " bytes of SDR record " + id);
    }
    return Arrays.copyOf(data, 2 + length);
  }

  /**
   * Next record id and the record read in parts. Reads at offset 0 need no reservation, so the first part is as
   * large as the BMC allows; the rest is read under a reservation, and read again from the start, after a short
   * random pause, when another reader cancels it.
   */
  private byte[] inParts(int id) throws BmcException {
    for (int attempt = 1; attempt <= RESERVATIONS_PER_RECORD; attempt++) {
      var record = parts(id);
      if (record != null) {
        return record;
      }
      reservation = -1;
      pause(attempt);
    }
    throw new BmcException(Kind.REJECTED, "the BMC's SDR reservation was cancelled " + RESERVATIONS_PER_RECORD
        + " times while reading record " + id + " (other clients are reading or changing the repository)");
  }

  /** Next record id and the record, or null when the reservation was cancelled midway. */
  private byte[] parts(int id) throws BmcException {
    var first = part(id, 0, partSize);
    var out = Arrays.copyOf(first, 2 + HEADER + (first[6] & 0xff));
    int offset = Math.min(first.length, out.length) - 2;
    while (offset < out.length - 2) {
      if (reservation < 0) {
        var data = session.call(IpmiRequest.of("Reserve SDR Repository", IpmiRequest.NETFN_STORAGE, RESERVE))
            .require(2);
        reservation = (data[0] & 0xff) | (data[1] & 0xff) << 8;
      }
      var piece = part(id, offset, Math.min(partSize, out.length - 2 - offset));
      if (piece == null) {
        return null;
      }
      int got = Math.min(piece.length - 2, out.length - 2 - offset);
      System.arraycopy(piece, 2, out, 2 + offset, got);
      offset += got;
    }
    return out;
  }

  /**
   * Get SDR: the next record id and at least the header (offset 0) or one byte; null when the reservation was
   * cancelled. A first part the BMC cannot return (the record may be shorter) shrinks to the header; a later one
   * to half, for the rest of the walk.
   */
  private byte[] part(int id, int offset, int count) throws BmcException {
    while (true) {
      var answer = session.call(getSdr(offset == 0 ? 0 : reservation, id, offset, count));
      int code = answer.completionCode();
      if (code == CompletionCode.RESERVATION_CANCELLED) {
        return null;
      }
      if (TOO_MANY_BYTES.contains(code) && offset == 0 && count > HEADER) {
        count = HEADER;
      } else if (TOO_MANY_BYTES.contains(code) && offset > 0 && count > MIN_PART_SIZE) {
        partSize = Math.max(MIN_PART_SIZE, count / 2);
        count = partSize;
      } else {
        return answer.require(offset == 0 ? 2 + HEADER : 3);
      }
    }
  }

  /** Lets the other reader finish before reserving again; readers that collide pick different pauses. */
  private static void pause(int attempt) throws BmcException {
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BmcException(Kind.UNREACHABLE, "interrupted while reading the SDR repository", e);
    }
  }

  private static IpmiRequest getSdr(int reservation, int id, int offset, int count) {
    return IpmiRequest.of("Get SDR", IpmiRequest.NETFN_STORAGE, GET_SDR, reservation, reservation >> 8, id, id >> 8,
        offset, count);
  }
}
