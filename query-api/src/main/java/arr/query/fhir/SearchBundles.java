package arr.query.fhir;

import arr.query.search.EventView;
import arr.query.search.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;

/** An ITI-81 answer: a {@code searchset} Bundle with the exact total, a self link and, while more follow, a next link. */
final class SearchBundles {

    private SearchBundles() {
    }

    /** @param base the server's base URL, such as {@code https://arr.hospital.example:8080}, without a trailing slash */
    static Bundle of(String base, FhirSearch search, Page<EventView> page) {
        String searchUrl = base + "/fhir/AuditEvent?" + search.canonical();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) Math.min(Integer.MAX_VALUE, page.total()));
        bundle.addLink().setRelation("self").setUrl(search.cursor() == null ? searchUrl : searchUrl + "&_cursor="
                + URLEncoder.encode(search.cursor(), StandardCharsets.UTF_8));
        if (page.next() != null) {
            bundle.addLink().setRelation("next").setUrl(searchUrl + "&_cursor=" + URLEncoder.encode(page.next(), StandardCharsets.UTF_8));
        }
        for (EventView event : page.items()) {
            bundle.addEntry().setFullUrl(base + "/fhir/AuditEvent/" + event.id())
                    .setResource(AuditEventResources.of(event))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }
}
