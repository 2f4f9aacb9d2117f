package arr.query.fhir;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds HAPI's FHIR context and its serializers' models for the resources served, in the background once the server
 * is up, so that the first ITI-81 client does not wait for it (1–2 s of reflection over the R4 model otherwise).
 */
@Singleton
class FhirWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(FhirWarmUp.class);

    @EventListener
    void warmUp(ServerStartupEvent event) {
        Thread thread = new Thread(() -> {
            try {
                Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
                bundle.addEntry().setResource(new AuditEvent());
                for (FhirFormat format : FhirFormat.values()) {
                    format.write(bundle);
                    format.write(new OperationOutcome());
                    format.write(CapabilityStatements.of("http://localhost"));
                }
            } catch (RuntimeException e) {
                // Only a head start: the first request does the same work if this could not.
                LOG.warn("warming up FHIR serialization failed: {}", e.toString());
            }
        }, "fhir-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
