package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.EventLog;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.LogEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogReaderTest {

  private static final ServiceRoot PLAIN = new ServiceRoot("/s", "/c", "/m", null, false, false);
  private static final ServiceRoot TOP_SKIP = new ServiceRoot("/s", "/c", "/m", null, true, false);
  private static final String ENTRIES = "/s/1/LogServices/Sel/Entries";

  private static SystemResource system() {
    return new SystemResource("/s/1", json("{\"LogServices\": {\"@odata.id\": \"/s/1/LogServices\"}}"));
  }

  private static String entry(int id, String created) {
    return "{\"@odata.id\": \"" + ENTRIES + "/" + id + "\", \"Id\": \"" + id + "\", \"Created\": "
        + (created == null ? "null" : "\"" + created + "\"") + ", \"Severity\": \"" + (id % 2 == 0 ? "OK" : "Critical")
        + "\", \"Message\": \"event " + id + "\", \"Oem\": {\"Vendor\": {\"Raw\": \"0x1\"}}}";
  }

  private static MapSource log(String entriesPage) {
    return new MapSource()
        .put("/s/1/LogServices", "{\"Members\": [{\"@odata.id\": \"/s/1/LogServices/Lclog\"}, "
            + "{\"@odata.id\": \"/s/1/LogServices/Sel\"}]}")
        .put("/s/1/LogServices/Lclog", "{\"Name\": \"no entries link\"}")
        .put("/s/1/LogServices/Sel", "{\"Entries\": {\"@odata.id\": \"" + ENTRIES + "\"}}")
        .put(ENTRIES, entriesPage);
  }

  @Test
  void picksTheNewestByCreatedWhateverTheOrder() throws Exception {
    var members = new ArrayList<String>();
    // newest first, as some BMCs list their lifecycle log, with a time without offset and one without a time
    for (var id = 9; id >= 1; id--) {
      members.add(entry(id, id == 4 ? null : "2024-05-0" + id + "T10:00:00" + (id == 8 ? "" : "+02:00")));
    }
    var source = log("{\"Members@odata.count\": 9, \"Members\": [" + String.join(",", members) + "]}");

    var log = EventLogReader.read(system(), null, PLAIN, source);

    assertThat(log.entries()).isEqualTo(9);
    assertThat(log.latest()).extracting(LogEntry::id).containsExactly("9", "8", "7", "6", "5");
    assertThat(log.latest().get(0)).isEqualTo(new LogEntry("9", "2024-05-09T10:00:00+02:00", Health.Critical,
        "event 9"));
  }

  @Test
  void aLongLogIsNotPagedThroughWithoutTopSkip() throws Exception {
    var source = log("{\"Members@odata.count\": 5000, \"Members\": [" + entry(1, "2024-01-01T00:00:00Z") + ","
        + entry(2, "2024-01-02T00:00:00Z") + "], \"@odata.nextLink\": \"" + ENTRIES + "?$skiptoken=2\"}");

    var log = EventLogReader.read(system(), null, PLAIN, source);

    assertThat(log.entries()).isEqualTo(5000);
    assertThat(log.latest()).extracting(LogEntry::id).containsExactly("2", "1");
    assertThat(source.reads).filteredOn(path -> path.startsWith(ENTRIES)).containsExactly(ENTRIES);
  }

  @Test
  void withTopSkipTheTailOfTheLogIsReadToo() throws Exception {
    var tail = new ArrayList<String>();
    for (var id = 4996; id <= 5000; id++) {
      tail.add(entry(id, "2024-03-01T00:" + (id - 4950) + ":00Z"));
    }
    var source = log("{\"Members@odata.count\": 5000, \"Members\": [" + entry(1, "2024-01-01T00:00:00Z") + "]}")
        .put(ENTRIES + "?$skip=4995&$top=5", "{\"Members\": [" + String.join(",", tail) + "]}");

    var log = EventLogReader.read(system(), null, TOP_SKIP, source);

    assertThat(log.latest()).extracting(LogEntry::id).containsExactly("5000", "4999", "4998", "4997", "4996");
    assertThat(source.reads).filteredOn(path -> path.startsWith(ENTRIES)).hasSize(2);
  }

  @Test
  void entriesListedAsBareLinksAreReadOnlyAtEitherEnd() throws Exception {
    var links = new ArrayList<String>();
    var source = log("");
    for (var id = 1; id <= 40; id++) {
      links.add("{\"@odata.id\": \"" + ENTRIES + "/" + id + "\"}");
      source.put(ENTRIES + "/" + id, entry(id, "2024-02-01T00:00:" + (10 + id) + "Z"));
    }
    source.put(ENTRIES, "{\"Members\": [" + String.join(",", links) + "]}");

    var log = EventLogReader.read(system(), null, PLAIN, source);

    assertThat(log.entries()).isEqualTo(40);
    assertThat(log.latest()).extracting(LogEntry::id).containsExactly("40", "39", "38", "37", "36");
    assertThat(source.reads).filteredOn(path -> path.startsWith(ENTRIES + "/")).hasSize(10);
  }

  @Test
  void theManagersLogServesWhenTheSystemHasNone() throws Exception {
    var source = new MapSource()
        .put("/m/1/LogServices", "{\"Members\": [{\"@odata.id\": \"/m/1/LogServices/Log\", "
            + "\"Entries\": {\"@odata.id\": \"/m/1/LogServices/Log/Entries\"}}]}")
        .put("/m/1/LogServices/Log/Entries", "{\"Members@odata.count\": 0, \"Members\": []}");
    var manager = json("{\"LogServices\": {\"@odata.id\": \"/m/1/LogServices\"}}");

    assertThat(EventLogReader.read(new SystemResource("/s/1", json("{}")), manager, PLAIN, source))
        .isEqualTo(new EventLog(0, List.of()));
    assertThat(EventLogReader.read(new SystemResource("/s/1", json("{}")), null, PLAIN, source)).isNull();
  }
}
