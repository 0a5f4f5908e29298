package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcSnapshot.EventLog;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The event log's size and newest entries, from the system's LogServices (else its manager's), without paging
 * through a log of thousands: the first page, plus the last few entries by {@code $skip}/{@code $top} when the
 * service supports them; the newest are then picked by {@code Created}, whichever order the BMC lists them in.
 */
final class EventLogReader {

  static final int LATEST = 5;
  private static final int MAX_LOG_SERVICES = 4;

  private EventLogReader() {
  }

  /** @param manager the system's Manager resource, or null; the result is null when no log can be read */
  static EventLog read(SystemResource system, JsonNode manager, ServiceRoot root, ResourceSource source)
      throws BmcException {
    var entries = entriesPath(system.logServices(), source);
    if (entries == null && manager != null) {
      entries = entriesPath(RedfishJson.link(manager, "LogServices"), source);
    }
    var firstPage = source.optional(entries);
    if (firstPage.isEmpty()) {
      return null;
    }
    var candidates = new ArrayList<>(RedfishJson.members(firstPage.get()));
    var count = RedfishJson.integer(firstPage.get(), "Members@odata.count");
    if (count == null || count < candidates.size()) {
      count = candidates.size();
    }
    if (root.topSkip() && count > candidates.size()) {
      source.optional(entries + "?$skip=" + Math.max(0, count - LATEST) + "&$top=" + LATEST)
          .ifPresent(tail -> candidates.addAll(RedfishJson.members(tail)));
    }
    var newest = new ArrayList<>(details(candidates, source));
    // reversed first, so that among equal timestamps the entry listed later (in an append-only log, newer) wins
    Collections.reverse(newest);
    newest.sort(Comparator.comparing(EventLogReader::created, Comparator.nullsLast(Comparator.reverseOrder())));
    var latest = newest.stream().limit(LATEST).map(EventLogReader::entry).toList();
    return new EventLog(count, latest);
  }

  private static String entriesPath(String logServicesPath, ResourceSource source) throws BmcException {
    var services = source.optional(logServicesPath);
    if (services.isEmpty()) {
      return null;
    }
    var members = RedfishJson.members(services.get());
    for (var member : members.subList(0, Math.min(members.size(), MAX_LOG_SERVICES))) {
      var service = member.has("Entries") ? Optional.of(member)
          : source.optional(RedfishJson.text(member, "@odata.id"));
      var entries = service.map(json -> RedfishJson.link(json, "Entries")).orElse(null);
      if (entries != null) {
        return entries;
      }
    }
    return null;
  }

  /** The candidates as full entries: inline ones as listed; bare links read, only the few at either end. */
  private static List<JsonNode> details(List<JsonNode> candidates, ResourceSource source) throws BmcException {
    var unique = new LinkedHashMap<String, JsonNode>();
    for (var candidate : candidates) {
      var key = RedfishJson.text(candidate, "@odata.id");
      unique.putIfAbsent(key != null ? key : "#" + unique.size(), candidate);
    }
    var list = new ArrayList<>(unique.values());
    var detailed = new ArrayList<JsonNode>();
    for (var i = 0; i < list.size(); i++) {
      var member = list.get(i);
      if (isInline(member)) {
        detailed.add(member);
      } else if (i < LATEST || i >= list.size() - LATEST) {
        source.optional(RedfishJson.text(member, "@odata.id")).ifPresent(detailed::add);
      }
    }
    return detailed;
  }

  private static boolean isInline(JsonNode member) {
    return member.has("Created") || member.has("Message") || member.has("Severity");
  }

  /** {@code Created} as an instant; a time without offset is taken as UTC; null when missing or unreadable. */
  private static OffsetDateTime created(JsonNode entry) {
    var text = RedfishJson.text(entry, "Created");
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        return null;
      }
    }
  }

  private static LogEntry entry(JsonNode json) {
    var id = RedfishJson.text(json, "Id");
    if (id == null) {
      var path = RedfishJson.text(json, "@odata.id");
      id = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
    return new LogEntry(id, RedfishJson.text(json, "Created"),
        RedfishJson.enumValue(Health.class, RedfishJson.text(json, "Severity")), RedfishJson.text(json, "Message"));
  }
}
