package arr.schemas.dicom;

import arr.schemas.event.Dialect;
import java.net.URL;
import java.util.EnumMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;

/**
 * The XSD of each dialect, compiled once. A schema that cannot be loaded stops start-up: a validator
 * that silently validates nothing is worse than none. Schemas never fetch anything: external DTD and
 * schema access are switched off.
 */
public final class DialectSchemas {

    private static final Map<Dialect, Schema> SCHEMAS = load();

    private DialectSchemas() {
    }

    public static Schema schema(Dialect dialect) {
        Schema schema = SCHEMAS.get(dialect);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for dialect " + dialect);
        }
        return schema;
    }

    /** A fresh validator handler that resolves nothing external. */
    public static ValidatorHandler newValidatorHandler(Dialect dialect) {
        ValidatorHandler handler = schema(dialect).newValidatorHandler();
        try {
            handler.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            handler.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK validator refuses to disable external access", e);
        }
        return handler;
    }

    private static Map<Dialect, Schema> load() {
        Map<Dialect, Schema> schemas = new EnumMap<>(Dialect.class);
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            for (Dialect dialect : Dialect.values()) {
                if (dialect.schemaResource() == null) {
                    continue;
                }
                URL resource = DialectSchemas.class.getClassLoader().getResource(dialect.schemaResource());
                if (resource == null) {
                    throw new IllegalStateException("schema resource missing: " + dialect.schemaResource());
                }
                schemas.put(dialect, factory.newSchema(resource));
            }
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile the audit message schemas: " + e.getMessage(), e);
        }
        return schemas;
    }
}
