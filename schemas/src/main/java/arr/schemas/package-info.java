/**
 * Contracts shared by every module: the audit message schemas, validation, the normalized event, the
 * Kafka envelope and the Elasticsearch index template. No dependency injection, no I/O besides
 * classpath resources.
 */
package arr.schemas;
