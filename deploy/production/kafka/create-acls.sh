#!/usr/bin/env bash
# Grants each service's Kafka principal exactly what it does (kafka-acls.sh, on a cluster with an authorizer).
#
# usage: create-acls.sh BOOTSTRAP CLIENT_PROPERTIES [COLLECTOR INDEXER QUERY_API VERIFY]
#   the principals default to User:arr-collector, User:arr-indexer, User:arr-query-api and User:arr-verify
# Needs kafka-acls.sh (from the Kafka distribution) on the PATH; CLIENT_PROPERTIES are an admin's client settings.
set -euo pipefail
bootstrap="${1:?usage: create-acls.sh BOOTSTRAP CLIENT_PROPERTIES [COLLECTOR INDEXER QUERY_API VERIFY]}"
admin="${2:?usage: create-acls.sh BOOTSTRAP CLIENT_PROPERTIES [COLLECTOR INDEXER QUERY_API VERIFY]}"
collector="${3:-User:arr-collector}"
indexer="${4:-User:arr-indexer}"
query_api="${5:-User:arr-query-api}"
verify="${6:-User:arr-verify}"
group="${AUDIT_INDEXER_GROUP:-arr-indexer}"
anchors="${AUDIT_ANCHOR_TOPIC:-audit.anchors}"

acl() {
    kafka-acls.sh --bootstrap-server "$bootstrap" --command-config "$admin" --add "$@"
}

# The collector and the query API publish audit messages (idempotent producers).
for producer in "$collector" "$query_api"; do
    acl --allow-principal "$producer" --operation Write --operation Describe --topic audit.events
    acl --allow-principal "$producer" --operation IdempotentWrite --cluster
done
# The indexer consumes audit.events in its group, writes its own audit events (retention purges), dead letters and
# anchors, reads both back, prunes dead letters of purged months (Delete), raises the dead-letter topic's message
# size and creates the compacted anchor topic when missing.
acl --allow-principal "$indexer" --operation Read --operation Write --operation Describe --topic audit.events
acl --allow-principal "$indexer" --operation Read --group "$group"
acl --allow-principal "$indexer" --operation Read --operation Write --operation Describe --operation Delete \
    --operation DescribeConfigs --operation AlterConfigs --topic audit.deadletter
acl --allow-principal "$indexer" --operation Read --operation Write --operation Describe --operation Create \
    --operation DescribeConfigs --topic "$anchors"
acl --allow-principal "$indexer" --operation IdempotentWrite --cluster
# verify and reconcile read the topics and the indexer group's committed offsets, never commit.
acl --allow-principal "$verify" --operation Read --operation Describe --topic audit.events --topic audit.deadletter \
    --topic "$anchors"
acl --allow-principal "$verify" --operation Describe --group "$group"
